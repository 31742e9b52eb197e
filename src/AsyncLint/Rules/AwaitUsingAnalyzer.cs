using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC202: a <c>using</c> statement or declaration on an <see cref="System.IAsyncDisposable"/> in async code.
    /// Not for in-memory resources (MemoryStream, StringWriter…), not inside <c>lock</c>, and not for a source type whose
    /// DisposeAsync only calls Dispose.
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
                var types = shared?.Types;
                var disposeAsync = types?.IAsyncDisposable?.GetMembers("DisposeAsync").FirstOrDefaultSafe() as IMethodSymbol;
                if (shared is null || types is null || disposeAsync is null)
                {
                    return;
                }

                var style = shared.ConfigureAwait;
                start.RegisterOperationAction(c => AnalyzeUsing(c, types, disposeAsync, style), OperationKind.Using);
                start.RegisterOperationAction(c => AnalyzeUsingDeclaration(c, types, disposeAsync), OperationKind.UsingDeclaration);
            });
        }

        private static void AnalyzeUsing(OperationAnalysisContext context, KnownTypes types, IMethodSymbol disposeAsync, ConfigureAwaitStyle style)
        {
            var usingOperation = (IUsingOperation)context.Operation;
            if (usingOperation.IsAsynchronous || usingOperation.Syntax is not UsingStatementSyntax syntax)
            {
                return;
            }

            var resources = usingOperation.Resources is IVariableDeclarationGroupOperation group
                ? Resources(group)
                : new[] { (usingOperation.Resources.WalkDownConversions()?.Type, LocalValues.KnownValue(usingOperation.Resources)) };
            // await using (resource.ConfigureAwait(false)) keeps a library's style; with a declaration it would change the variable's type.
            var configureAwait = syntax.Declaration is null && syntax.Expression != null;
            Analyze(context, types, disposeAsync, resources, syntax.UsingKeyword.GetLocation(), configureAwait ? style : null);
        }

        private static void AnalyzeUsingDeclaration(OperationAnalysisContext context, KnownTypes types, IMethodSymbol disposeAsync)
        {
            var declaration = (IUsingDeclarationOperation)context.Operation;
            var statement = declaration.Syntax as LocalDeclarationStatementSyntax ?? declaration.Syntax.Parent as LocalDeclarationStatementSyntax;
            if (declaration.IsAsynchronous || statement is null)
            {
                return;
            }

            Analyze(context, types, disposeAsync, Resources(declaration.DeclarationGroup), statement.UsingKeyword.GetLocation());
        }

        /// <summary>Each declared resource: the declared type (what the using disposes) and the value it starts with.</summary>
        private static IEnumerable<(ITypeSymbol? Declared, IOperation? Value)> Resources(IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    yield return (declarator.Symbol.Type, declarator.Initializer?.Value.WalkDownConversions());
                }
            }
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, IMethodSymbol disposeAsync, IEnumerable<(ITypeSymbol? Declared, IOperation? Value)> resources, Location location, ConfigureAwaitStyle? style = null)
        {
            ITypeSymbol? reported = null;
            foreach (var resource in resources)
            {
                var (declaredType, value) = resource;
                if (declaredType is null
                    || !types.IsAsyncDisposable(declaredType)
                    || CounterpartExclusions.IsExcludedType(declaredType)
                    || CounterpartExclusions.IsInMemoryValue(value)
                    || DisposesSynchronouslyAnyway(declaredType, disposeAsync))
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
                || DualModeCode.HasAsyncFlagParameter(context.ContainingSymbol as IMethodSymbol))
            {
                return;
            }

            var properties = DiagnosticProperties.Create(FixKinds.AwaitUsing, function.NeedsAsyncModifier);
            if (style != null && style.UsesConfigureAwaitFalse(location.SourceTree!, context.CancellationToken))
            {
                properties = properties.Add(DiagnosticProperties.ConfigureAwaitFalse, "true");
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.AwaitUsing,
                location,
                properties: properties,
                reported.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                function.Describe()));
        }

        /// <summary>A source type whose DisposeAsync awaits nothing and calls Dispose: await using would change nothing.</summary>
        private static bool DisposesSynchronouslyAnyway(ITypeSymbol type, IMethodSymbol disposeAsync)
            => type.FindImplementationForInterfaceMember(disposeAsync) is IMethodSymbol implementation
               && SourceWrappers.CallsWithoutAwaiting(implementation, "Dispose");
    }
}
