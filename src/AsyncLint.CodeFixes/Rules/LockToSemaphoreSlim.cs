using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC103 on a thread-affine lock held across an await, when the lock is a private field declared and used only in
    /// this document and every use has a SemaphoreSlim twin: a <c>new object()</c> used only by <c>Monitor.Enter(_sync)</c>,
    /// <c>Monitor.Enter(_sync, ref taken)</c> and <c>Monitor.Exit(_sync)</c> statements, or a <c>new ReaderWriterLockSlim()</c>
    /// used only by <c>EnterWriteLock()</c>, <c>ExitWriteLock()</c> and <c>Dispose()</c> statements. The field becomes
    /// <c>new SemaphoreSlim(1, 1)</c>, each enter <c>await _sync.WaitAsync();</c> (<c>taken = true;</c> after it for the
    /// ref form; each one in an async function where an await can stand), each exit <c>_sync.Release();</c>.
    /// A SemaphoreSlim is not re-entrant: when a member that takes the lock calls another that takes it, there is no fix
    /// (a Monitor would let the same thread in again, a ReaderWriterLockSlim would throw; the semaphore would wait forever).
    /// Read or upgradeable locks, <c>lock</c> statements, <c>Monitor.Wait/Pulse/TryEnter</c>, a lock passed on: no fix.
    /// </summary>
    internal static class LockToSemaphoreSlim
    {
        private enum LockKind
        {
            None,
            Monitor,
            WriteLock,
        }

        private enum UseKind
        {
            Enter,
            Exit,
            Keep,
        }

        public static async Task<Document?> TryCreateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return root is null || model is null || FieldOf(root, model, diagnostic, cancellationToken) is not { } field
                ? null
                : await ConvertAsync(document, root, model, field, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The lock field of the enter a diagnostic points at: <c>_sync</c> of <c>Monitor.Enter(_sync)</c>, <c>_rw</c> of <c>_rw.EnterWriteLock()</c>.</summary>
        public static IFieldSymbol? FieldOf(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (AwaitFixEngine.FindTarget(root, diagnostic) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return null;
            }

            var locked = access.Name.Identifier.ValueText == "Enter"
                ? invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression
                : access.Expression;
            return locked is null ? null : model.GetSymbolInfo(locked, cancellationToken).Symbol as IFieldSymbol;
        }

        public static async Task<Document?> ConvertAsync(Document document, SyntaxNode root, SemanticModel model, IFieldSymbol field, CancellationToken cancellationToken)
        {
            var kind = KindOf(field.Type);
            if (kind == LockKind.None
                || await PrivateFieldRewrite.SoleDeclaratorAsync(field, root, cancellationToken).ConfigureAwait(false) is not { Parent: VariableDeclarationSyntax declaration } declarator
                || !IsCreatedPlain(declarator.Initializer?.Value, kind, model, cancellationToken))
            {
                return null;
            }

            var configureAwait = new ConfigureAwaitStyle().UsesConfigureAwaitFalse(root.SyntaxTree, cancellationToken);
            var replacements = new Dictionary<StatementSyntax, StatementSyntax[]>();
            var holders = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var reference in PrivateFieldRewrite.References(root, model, field, cancellationToken))
            {
                var use = kind == LockKind.Monitor ? MonitorUse(reference, model, cancellationToken) : WriteLockUse(reference);
                if (use is not { Kind: var useKind, Statement: var statement })
                {
                    return null;
                }

                if (statement is null)
                {
                    continue; // Dispose(): a SemaphoreSlim has one too
                }

                if (useKind == UseKind.Exit)
                {
                    replacements[statement] = new StatementSyntax[] { statement.WithExpression(Call(reference, "Release").WithTriviaFrom(statement.Expression)) };
                    continue;
                }

                if (AsyncFunctionSyntax.EnclosingFunction(statement) is not { } function
                    || !AsyncFunctionSyntax.IsAsync(function)
                    || !AsyncFunctionSyntax.CanAwaitAt(statement)
                    || HolderOf(model.GetEnclosingSymbol(statement.SpanStart, cancellationToken)) is not { } holder)
                {
                    return null;
                }

                holders.Add(holder);
                ExpressionSyntax wait = Call(reference, "WaitAsync");
                var enter = statement.WithExpression(AwaitExpressions.Await(configureAwait ? AwaitExpressions.ConfigureAwaitFalse(wait) : wait).WithTriviaFrom(statement.Expression));
                if (use.Value.Taken is not { } taken)
                {
                    replacements[statement] = new StatementSyntax[] { enter };
                }
                else if (statement.Parent is BlockSyntax)
                {
                    // Monitor.Enter(_sync, ref taken) sets taken once it holds the lock.
                    var set = ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, taken.WithoutTrivia(), LiteralExpression(SyntaxKind.TrueLiteralExpression)));
                    replacements[statement] = new StatementSyntax[] { enter.WithoutTrailingTrivia().WithTrailingTrivia(ElasticCarriageReturnLineFeed), set.WithTrailingTrivia(statement.GetTrailingTrivia()) };
                }
                else
                {
                    return null;
                }
            }

            if (holders.Count == 0 || CallsAnotherHolder(holders, model.Compilation, cancellationToken))
            {
                return null;
            }

            var semaphore = ParseTypeName("global::System.Threading.SemaphoreSlim").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var creation = ObjectCreationExpression(
                semaphore,
                ArgumentList(SeparatedList(new[] { Argument(Number(1)), Argument(Number(1)) })),
                null);
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            editor.ReplaceNode(declaration.Type, semaphore.WithTriviaFrom(declaration.Type));
            editor.ReplaceNode(declarator.Initializer!.Value, creation.WithTriviaFrom(declarator.Initializer.Value));
            foreach (var replacement in replacements)
            {
                if (replacement.Value.Length > 1)
                {
                    editor.InsertAfter(replacement.Key, replacement.Value.Skip(1));
                }

                editor.ReplaceNode(replacement.Key, replacement.Value[0]);
            }

            return await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        private static LockKind KindOf(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_Object)
            {
                return LockKind.Monitor;
            }

            return type is INamedTypeSymbol { Name: "ReaderWriterLockSlim", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                ? LockKind.WriteLock
                : LockKind.None;
        }

        /// <summary><c>new object()</c>; <c>new ReaderWriterLockSlim()</c> (no recursion, as a SemaphoreSlim).</summary>
        private static bool IsCreatedPlain(ExpressionSyntax? initializer, LockKind kind, SemanticModel model, CancellationToken cancellationToken)
            => initializer is BaseObjectCreationExpressionSyntax { Initializer: null } creation
               && (creation.ArgumentList?.Arguments.Count ?? 0) == 0
               && (kind == LockKind.WriteLock || model.GetTypeInfo(creation, cancellationToken).Type?.SpecialType == SpecialType.System_Object);

        /// <summary><c>Monitor.Enter(_sync);</c>, <c>Monitor.Enter(_sync, ref taken);</c> or <c>Monitor.Exit(_sync);</c> as a statement.</summary>
        private static (ExpressionStatementSyntax? Statement, UseKind Kind, ExpressionSyntax? Taken)? MonitorUse(ExpressionSyntax reference, SemanticModel model, CancellationToken cancellationToken)
        {
            if (reference.Parent is not ArgumentSyntax { RefKindKeyword.RawKind: 0 } argument
                || argument.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } call } list
                || list.Arguments[0] != argument
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol
                {
                    ContainingType: { Name: "Monitor", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } },
                } method)
            {
                return null;
            }

            return (method.Name, list.Arguments.Count) switch
            {
                ("Enter", 1) => (statement, UseKind.Enter, null),
                ("Enter", 2) when list.Arguments[1].RefKindKeyword.IsKind(SyntaxKind.RefKeyword) => (statement, UseKind.Enter, list.Arguments[1].Expression),
                ("Exit", 1) => (statement, UseKind.Exit, null),
                _ => null,
            };
        }

        /// <summary><c>_rw.EnterWriteLock();</c> or <c>_rw.ExitWriteLock();</c> as a statement; <c>_rw.Dispose()</c> stays as it is (no statement to rewrite).</summary>
        private static (ExpressionStatementSyntax? Statement, UseKind Kind, ExpressionSyntax? Taken)? WriteLockUse(ExpressionSyntax reference)
        {
            if (reference.Parent is not MemberAccessExpressionSyntax member
                || member.Expression != reference
                || member.Parent is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call)
            {
                return null;
            }

            return (member.Name.Identifier.ValueText, call.Parent) switch
            {
                ("EnterWriteLock", ExpressionStatementSyntax statement) => (statement, UseKind.Enter, null),
                ("ExitWriteLock", ExpressionStatementSyntax statement) => (statement, UseKind.Exit, null),
                ("Dispose", _) => (null, UseKind.Keep, null),
                _ => null,
            };
        }

        /// <summary>The member a lambda or local function belongs to: re-entrancy is judged per member.</summary>
        private static ISymbol? HolderOf(ISymbol? symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                symbol = symbol.ContainingSymbol;
            }

            return symbol;
        }

        /// <summary>Does a member that takes the lock call a member that takes it (itself included)?</summary>
        private static bool CallsAnotherHolder(HashSet<ISymbol> holders, Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var holder in holders)
            {
                foreach (var reference in holder.DeclaringSyntaxReferences)
                {
                    var body = reference.GetSyntax(cancellationToken);
                    var model = compilation.GetSemanticModel(body.SyntaxTree);
                    foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called && holders.Contains(called.OriginalDefinition))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static InvocationExpressionSyntax Call(ExpressionSyntax field, string name)
            => InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, field.WithoutTrivia(), IdentifierName(name)));

        private static LiteralExpressionSyntax Number(int value) => LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(value));
    }
}
