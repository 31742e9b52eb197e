using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC103 on <c>_ready.Wait()</c> (<c>_ready.WaitOne()</c>) where <c>_ready</c> is a private <c>ManualResetEventSlim</c>
    /// (<c>ManualResetEvent</c>) field, created unset and
    /// used in this document only as a one-shot signal: the field becomes a <c>TaskCompletionSource</c> (continuations run
    /// asynchronously, as a woken waiter does not run inside <c>Set</c>), <c>Set()</c> → <c>TrySetResult()</c> (Set may come
    /// twice), <c>Wait()</c> → <c>await _ready.Task</c> (each one in an async function), <c>IsSet</c> →
    /// <c>Task.IsCompleted</c>, and its <c>Dispose()</c> goes. Anything else — <c>Reset</c> (a task cannot be reset), a
    /// timed or cancellable wait, a wait where no await can stand, the field passed on, a <c>ManualResetEvent.Set()</c>
    /// whose result is read — and there is no fix. A ManualResetEvent's <c>Close()</c> goes as its <c>Dispose()</c> does.
    /// </summary>
    internal static class SignalToTaskCompletionSource
    {
        public static async Task<Document?> TryCreateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null
                || AwaitFixEngine.FindTarget(root, diagnostic) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is not IFieldSymbol field)
            {
                return null;
            }

            return await ConvertAsync(document, root, model, field, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The field of the wait a diagnostic points at, for grouping in Fix All.</summary>
        public static IFieldSymbol? FieldOf(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            => AwaitFixEngine.FindTarget(root, diagnostic) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
               && model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is IFieldSymbol field
                ? field
                : null;

        public static async Task<Document?> ConvertAsync(Document document, SyntaxNode root, SemanticModel model, IFieldSymbol field, CancellationToken cancellationToken)
        {
            var compilation = model.Compilation;
            var plainSource = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskCompletionSource");
            if (field.Type is not INamedTypeSymbol { Name: "ManualResetEventSlim" or "ManualResetEvent", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                || await PrivateFieldRewrite.SoleDeclaratorAsync(field, root, cancellationToken).ConfigureAwait(false) is not { Parent: VariableDeclarationSyntax declaration } declarator
                || !IsCreatedUnset(declarator.Initializer?.Value, model, cancellationToken))
            {
                return null;
            }

            // Every use, in this document (the field and its type are declared only here).
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            var removals = new List<SyntaxNode>();
            var waits = 0;
            foreach (var reference in PrivateFieldRewrite.References(root, model, field, cancellationToken))
            {
                if (reference.Parent is not MemberAccessExpressionSyntax member || member.Expression != reference)
                {
                    return null;
                }

                var used = reference;
                switch (member.Name.Identifier.ValueText)
                {
                    case "IsSet":
                        replacements[member] = Member(Member(used, "Task"), "IsCompleted").WithTriviaFrom(member);
                        break;
                    // ManualResetEvent.Set returns true however often it is called, TrySetResult only the first time: not when it is read.
                    case "Set" when member.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } set
                                    && (field.Type.Name == "ManualResetEventSlim" || model.GetOperation(set, cancellationToken)?.Parent is IExpressionStatementOperation):
                        replacements[set] = InvocationExpression(Member(used, "TrySetResult"), ArgumentList(plainSource is null
                            ? SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.TrueLiteralExpression)))
                            : default)).WithTriviaFrom(set);
                        break;
                    case "Wait" or "WaitOne" when member.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax } wait
                                     && AsyncFunctionSyntax.EnclosingFunction(wait) is { } function
                                     && AsyncFunctionSyntax.IsAsync(function)
                                     && AsyncFunctionSyntax.CanAwaitAt(wait):
                        replacements[wait] = AwaitExpressions.Await(Member(used, "Task")).WithTriviaFrom(wait);
                        waits++;
                        break;
                    case "Dispose" or "Close" when member.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax { Parent: BlockSyntax } statement }:
                        removals.Add(statement);
                        break;
                    default:
                        return null;
                }
            }

            if (waits == 0)
            {
                return null;
            }

            var sourceType = plainSource is null
                ? ParseTypeName("global::System.Threading.Tasks.TaskCompletionSource<bool>")
                : ParseTypeName("global::System.Threading.Tasks.TaskCompletionSource");
            sourceType = sourceType.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var options = ParseExpression("global::System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var creation = ObjectCreationExpression(sourceType.WithoutTrivia(), ArgumentList(SingletonSeparatedList(Argument(options))), null);
            replacements[declaration.Type] = sourceType.WithTriviaFrom(declaration.Type);
            replacements[declarator.Initializer!.Value] = creation.WithTriviaFrom(declarator.Initializer.Value);

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var replacement in replacements)
            {
                editor.ReplaceNode(replacement.Key, replacement.Value);
            }

            foreach (var statement in removals)
            {
                editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            }

            return await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        private static bool IsCreatedUnset(ExpressionSyntax? initializer, SemanticModel model, CancellationToken cancellationToken)
        {
            if (initializer is not BaseObjectCreationExpressionSyntax creation || creation.Initializer != null)
            {
                return false;
            }

            var arguments = creation.ArgumentList?.Arguments ?? default;
            return arguments.Count == 0
                   || (arguments.Count == 1 && model.GetConstantValue(arguments[0].Expression, cancellationToken) is { HasValue: true, Value: false });
        }

        private static MemberAccessExpressionSyntax Member(ExpressionSyntax expression, string name)
            => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrivia(), IdentifierName(name));
    }
}
