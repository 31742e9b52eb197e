using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC202: a <c>using</c> statement or declaration on an <see cref="System.IAsyncDisposable"/> in async code, where
    /// <c>DisposeAsync</c> does something <c>Dispose</c> does not: the counterpart oracle
    /// (<see cref="AsyncCounterparts.DisposeAsyncAddsNothing"/>) answers, as it does for an explicit <c>Dispose()</c> under
    /// ASYNC201. Not inside <c>lock</c>, nor in target-framework <c>#if</c> code.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AwaitUsingAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AwaitUsing);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.TryGet(start.Compilation);
                if (shared?.Types.IAsyncDisposable is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeUsing(c, shared), OperationKind.Using);
                start.RegisterOperationAction(c => AnalyzeUsingDeclaration(c, shared), OperationKind.UsingDeclaration);
            });
        }

        private static void AnalyzeUsing(OperationAnalysisContext context, CompilationContext shared)
        {
            var usingOperation = (IUsingOperation)context.Operation;
            if (usingOperation.IsAsynchronous || usingOperation.Syntax is not UsingStatementSyntax syntax)
            {
                return;
            }

            var resources = usingOperation.Resources is IVariableDeclarationGroupOperation group
                ? Resources(group)
                : new[] { (usingOperation.Resources.WalkDownConversions()?.Type, LocalValues.KnownValue(usingOperation.Resources), (usingOperation.Resources.WalkDownConversions() as ILocalReferenceOperation)?.Local) };
            Analyze(context, shared, resources, syntax, syntax.UsingKeyword.GetLocation());
        }

        private static void AnalyzeUsingDeclaration(OperationAnalysisContext context, CompilationContext shared)
        {
            var declaration = (IUsingDeclarationOperation)context.Operation;
            var statement = declaration.Syntax as LocalDeclarationStatementSyntax ?? declaration.Syntax.Parent as LocalDeclarationStatementSyntax;
            if (declaration.IsAsynchronous || statement is null)
            {
                return;
            }

            Analyze(context, shared, Resources(declaration.DeclarationGroup), statement, statement.UsingKeyword.GetLocation());
        }

        /// <summary>Each declared resource: the declared type (what the using disposes), the value it starts with, and the local.</summary>
        private static IEnumerable<(ITypeSymbol? Declared, IOperation? Value, ILocalSymbol? Local)> Resources(IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    yield return (declarator.Symbol.Type, declarator.Initializer?.Value.WalkDownConversions(), declarator.Symbol);
                }
            }
        }

        private static void Analyze(OperationAnalysisContext context, CompilationContext shared, IEnumerable<(ITypeSymbol? Declared, IOperation? Value, ILocalSymbol? Local)> resources, StatementSyntax statement, Location location)
        {
            var types = shared.Types;
            var tree = statement.SyntaxTree;
            ITypeSymbol? reported = null;
            foreach (var resource in resources)
            {
                var (declaredType, value, local) = resource;
                if (declaredType is null
                    || !types.IsAsyncDisposable(declaredType)
                    || CounterpartExclusions.IsExcludedType(declaredType)
                    || shared.Counterparts.DisposeAsyncAddsNothing(declaredType, value, tree, context.Options)
                    || DisposalWork.IsContextWithClosedConnection(declaredType, local, context.Operation.RootOperation()))
                {
                    return; // every resource must gain from DisposeAsync, or the statement stays as it is
                }

                reported ??= declaredType;
            }

            if (reported is null
                || !AsyncContext.TryGetEnclosingFunction(context.Operation, context.ContainingSymbol, types, out var function)
                || !function.IsAsyncCode
                || function.InsideLock
                || DualModeCode.HasAsyncFlagParameter(function.Symbol)
                || DualModeCode.HasAsyncFlagParameter(context.ContainingSymbol as IMethodSymbol)
                || shared.Counterparts.IsTargetSpecific(statement))
            {
                return;
            }

            AwaitUsingFix? fix = new AwaitUsingFix(function.NeedsAsyncModifier);
            if (shared.ConfigureAwait.UsesConfigureAwaitFalse(tree, context.CancellationToken))
            {
                // Keep the file's ConfigureAwait(false) where a form that compiles exists; otherwise no fix at all.
                fix = KeepsConfigureAwait(statement, context.Operation.SemanticModel, context.CancellationToken)
                    ? new AwaitUsingFix(function.NeedsAsyncModifier, configureAwaitFalse: true, spliceIntoBlock: CanSplice(statement))
                    : null;
            }

            var remedy = "await using";
            if (DownLevelTargets.ForAsyncDisposal(reported, types.DisposeAsync, context.Options) is { } requirement)
            {
                if (requirement.Everywhere)
                {
                    return;
                }

                // Another target of the project has no async disposal: the remedy needs #if, which no fix writes.
                fix = null;
                remedy = requirement.Guard(remedy);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.AwaitUsing,
                location,
                properties: fix?.ToProperties(),
                reported.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                function.Describe(),
                remedy));
        }

        /// <summary>
        /// Whether the fix can keep <c>ConfigureAwait(false)</c>, which goes on the resource, not on <c>await using</c>:
        /// <list type="bullet">
        /// <item><c>using (e)</c> → <c>await using (e.ConfigureAwait(false))</c>;</item>
        /// <item><c>using (var x = e) S</c> → <c>var x = e; await using (x.ConfigureAwait(false)) S</c> (one variable; within
        /// braces of its own when <c>x</c> would clash with a later declaration of the block);</item>
        /// <item><c>using var x = e;</c> → <c>var x = e; await using var _ = x.ConfigureAwait(false);</c> (one variable, in
        /// a function that uses the name <c>_</c> nowhere — a local named <c>_</c> would turn later discards into
        /// assignments — and the only <c>using</c> declaration of its block, so that Fix All adds one <c>_</c> per scope).</item>
        /// </list>
        /// In each, the resource must not be null (<c>ConfiguredAsyncDisposable</c> calls <c>DisposeAsync</c> on it
        /// unconditionally, where <c>using</c> skips a null resource): an object creation, or not "maybe null" to the
        /// compiler's nullable analysis.
        /// </summary>
        private static bool KeepsConfigureAwait(StatementSyntax statement, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            switch (statement)
            {
                case UsingStatementSyntax { Expression: { } expression }:
                    return !MayBeNull(expression, model, cancellationToken);
                case UsingStatementSyntax { Declaration.Variables: { Count: 1 } variables }:
                    return variables[0].Initializer is { } initializer && !MayBeNull(initializer.Value, model, cancellationToken);
                case LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } declaration:
                    return variables[0].Initializer is { } value
                           && !MayBeNull(value.Value, model, cancellationToken)
                           && declaration.Parent is BlockSyntax block
                           && !block.Statements.Any(s => s != declaration && s is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 })
                           && EnclosingBody(declaration) is { } body
                           && !body.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == "_");
                default:
                    return false;
            }
        }

        /// <summary>
        /// The rewritten statements may replace <paramref name="statement"/> in its block: a using declaration always (its
        /// variable's scope is the rest of the block already); <c>using (var x = …)</c> when nothing declared later in the
        /// block (or nested in it) is named <c>x</c>, since <c>x</c> then lives to the end of the block.
        /// </summary>
        private static bool CanSplice(StatementSyntax statement)
        {
            if (statement is LocalDeclarationStatementSyntax)
            {
                return true;
            }

            if (statement is not UsingStatementSyntax { Declaration.Variables: { Count: 1 } variables } || statement.Parent is not BlockSyntax block)
            {
                return false;
            }

            var name = variables[0].Identifier.ValueText;
            return !block.Statements
                .SkipWhile(s => s != statement)
                .Skip(1)
                .SelectMany(s => s.DescendantNodesAndSelf())
                .Any(n => DeclaredName(n) == name);
        }

        private static string? DeclaredName(SyntaxNode node) => node switch
        {
            VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
            SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
            ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
            ParameterSyntax parameter => parameter.Identifier.ValueText,
            LocalFunctionStatementSyntax function => function.Identifier.ValueText,
            CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier.ValueText,
            FromClauseSyntax from => from.Identifier.ValueText,
            LetClauseSyntax let => let.Identifier.ValueText,
            JoinClauseSyntax join => join.Identifier.ValueText,
            QueryContinuationSyntax continuation => continuation.Identifier.ValueText,
            JoinIntoClauseSyntax into => into.Identifier.ValueText,
            LabeledStatementSyntax label => label.Identifier.ValueText,
            _ => null,
        };

        private static bool MayBeNull(ExpressionSyntax expression, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            if (expression is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax)
            {
                return false;
            }

            return model is null || model.GetTypeInfo(expression, cancellationToken).Nullability.FlowState == NullableFlowState.MaybeNull;
        }

        private static SyntaxNode? EnclosingBody(SyntaxNode node)
            => node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
    }
}
