using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC404: an <c>async</c> method, local function or lambda with no <c>await</c> (or whose only awaits are
    /// <c>await Task.CompletedTask</c>): it runs synchronously to completion. <c>await foreach</c> and <c>await using</c>
    /// are awaits. Not for <c>async void</c> (ASYNC301) nor async iterators (an <c>IAsyncEnumerable</c> iterator has no
    /// non-async form; without an await it is a legitimate in-memory source).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncWithoutAwaitAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncWithoutAwait);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.TryGet(start.Compilation);
                if (shared is null)
                {
                    return;
                }

                if (IsCs1998SuppressedForProject(start.Compilation))
                {
                    return; // <NoWarn>CS1998</NoWarn>: the project opted out of the warning this rule succeeds
                }

                var types = shared.Types;

                start.RegisterOperationAction(c => AnalyzeMethodBody(c, types), OperationKind.MethodBody);
                start.RegisterOperationAction(c => AnalyzeLocalFunction(c, types), OperationKind.LocalFunction);
                start.RegisterOperationAction(c => AnalyzeLambda(c, types), OperationKind.AnonymousFunction);
            });
        }

        private static void AnalyzeMethodBody(OperationAnalysisContext context, KnownTypes types)
        {
            var body = (IMethodBodyOperation)context.Operation;
            if (context.ContainingSymbol is IMethodSymbol { IsAsync: true } method
                && (body.BlockBody ?? body.ExpressionBody) is { } block
                && body.Syntax is BaseMethodDeclarationSyntax declaration)
            {
                var name = declaration is MethodDeclarationSyntax m ? m.Identifier.GetLocation() : declaration.GetLocation();
                Analyze(context, method, null, block, name, types);
            }
        }

        private static void AnalyzeLocalFunction(OperationAnalysisContext context, KnownTypes types)
        {
            var local = (ILocalFunctionOperation)context.Operation;
            if (local.Symbol.IsAsync && (local.Body ?? local.IgnoredBody) is { } block && local.Syntax is LocalFunctionStatementSyntax syntax)
            {
                Analyze(context, local.Symbol, local, block, syntax.Identifier.GetLocation(), types);
            }
        }

        private static void AnalyzeLambda(OperationAnalysisContext context, KnownTypes types)
        {
            var lambda = (IAnonymousFunctionOperation)context.Operation;
            if (lambda.Symbol.IsAsync && lambda.Syntax is AnonymousFunctionExpressionSyntax syntax)
            {
                // From 'async' to '=>' (or to 'delegate' and its parameters): the lambda's header, not its whole body.
                var end = syntax switch
                {
                    LambdaExpressionSyntax l => l.ArrowToken.Span.End,
                    AnonymousMethodExpressionSyntax a => a.ParameterList?.Span.End ?? a.DelegateKeyword.Span.End,
                    _ => syntax.Span.End,
                };
                var location = Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
                Analyze(context, lambda.Symbol, lambda, lambda.Body, location, types);
            }
        }

        private static void Analyze(OperationAnalysisContext context, IMethodSymbol function, IOperation? functionOperation, IBlockOperation body, Location location, KnownTypes types)
        {
            // A stub that only throws (Marten's stand-in database: async Task<long> FetchAsync() { throw new NotImplementedException(); })
            // already puts its exception into the task; nothing runs that could be made cheaper.
            if (function.ReturnsVoid || IsAsyncIterator(function.ReturnType, types) || body.Syntax.ContainsDiagnostics || FunctionBodies.OnlyThrows(body.Syntax))
            {
                return;
            }

            var cannotThrow = true;
            string? completedAwait = null;
            var stack = new Stack<IOperation>();
            stack.Push(body);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                switch (operation)
                {
                    case IInvalidOperation:
                        return;
                    case IAwaitOperation awaitOperation when !IsCompletedTask(awaitOperation.Operation, types):
                    case IForEachLoopOperation { IsAsynchronous: true }:
                    case IUsingOperation { IsAsynchronous: true }:
                    case IUsingDeclarationOperation { IsAsynchronous: true }:
                        return;
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        continue; // their awaits are their own
                    case IAwaitOperation completed:
                        completedAwait ??= ((IPropertyReferenceOperation)TaskCompletion.StripTaskWrappers(completed.Operation)!).Property.ContainingType.Name + ".CompletedTask";
                        break;
                }

                cannotThrow = cannotThrow && CannotThrow(operation, types);
                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            if (IsCs1998Suppressed(location) || IsCs1998SuppressedByEditorConfig(context.Compilation, location.SourceTree, context.CancellationToken))
            {
                return;
            }

            var fix = types.IsTaskOrValueTask(function.ReturnType) ? new AsyncWithoutAwaitFix(cannotThrow) : null;
            var description = new EnclosingFunction(function, functionOperation, isAsync: true, isAsyncCode: true, insideLock: false).Describe();
            var what = completedAwait is null ? "has no await" : "awaits only '" + completedAwait + "', which never yields";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.AsyncWithoutAwait, location, fix?.ToProperties(), description, what));
        }

        /// <summary>
        /// The project turns CS1998 off: <c>&lt;NoWarn&gt;CS1998&lt;/NoWarn&gt;</c> (MassTransit's Directory.Build.props) or a
        /// global <c>dotnet_diagnostic.CS1998.severity = none</c>, which reach the compiler as a suppressed specific option.
        /// </summary>
        private static bool IsCs1998SuppressedForProject(Compilation compilation)
            => compilation.Options.SpecificDiagnosticOptions.TryGetValue("CS1998", out var option) && option == ReportDiagnostic.Suppress;

        /// <summary><c>dotnet_diagnostic.CS1998.severity = none</c> in an .editorconfig that applies to the file, or in a .globalconfig.</summary>
        private static bool IsCs1998SuppressedByEditorConfig(Compilation compilation, SyntaxTree? tree, System.Threading.CancellationToken cancellationToken)
        {
            var provider = compilation.Options.SyntaxTreeOptionsProvider;
            if (provider is null || tree is null)
            {
                return false;
            }

            return (provider.TryGetDiagnosticValue(tree, "CS1998", cancellationToken, out var severity) && severity == ReportDiagnostic.Suppress)
                   || (provider.TryGetGlobalDiagnosticValue("CS1998", cancellationToken, out var global) && global == ReportDiagnostic.Suppress);
        }

        /// <summary>
        /// <c>#pragma warning disable CS1998</c> (or <c>1998</c>) is in effect here: the author already opted this code
        /// out of the compiler's former "async method lacks await" warning, which this rule succeeds.
        /// </summary>
        private static bool IsCs1998Suppressed(Location location)
        {
            var root = location.SourceTree?.GetRoot();
            if (root is null || !root.ContainsDirectives)
            {
                return false;
            }

            var suppressed = false;
            for (var directive = root.GetFirstDirective(); directive != null && directive.SpanStart < location.SourceSpan.Start; directive = directive.GetNextDirective())
            {
                if (directive is PragmaWarningDirectiveTriviaSyntax pragma)
                {
                    foreach (var code in pragma.ErrorCodes)
                    {
                        var text = code.ToString().Trim();
                        if (text == "CS1998" || text == "1998")
                        {
                            suppressed = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
                        }
                    }
                }
            }

            return suppressed;
        }

        private static bool IsAsyncIterator(ITypeSymbol returnType, KnownTypes types)
        {
            var original = returnType.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(original, types.IAsyncEnumerableOfT)
                || (original.Name == "IAsyncEnumerator" && original.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic");
        }

        /// <summary><c>Task.CompletedTask</c> / <c>ValueTask.CompletedTask</c>, also with <c>ConfigureAwait</c>: awaiting it never yields.</summary>
        private static bool IsCompletedTask(IOperation operation, KnownTypes types)
            => TaskCompletion.StripTaskWrappers(operation) is IPropertyReferenceOperation { Property.Name: "CompletedTask", Instance: null } completed
               && types.IsTaskOrValueTask(completed.Property.ContainingType);

        /// <summary>
        /// Operations that provably cannot throw: reading locals, parameters, constants and fields of this object, implicit
        /// non-user conversions, declarations and assignments of those, and the <c>await Task.CompletedTask</c> the fix removes.
        /// </summary>
        private static bool CannotThrow(IOperation operation, KnownTypes types)
        {
            switch (operation)
            {
                case IBlockOperation:
                case IReturnOperation:
                case IExpressionStatementOperation:
                case ILiteralOperation:
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                case IInstanceReferenceOperation:
                case IDefaultValueOperation:
                case ITypeOfOperation:
                case INameOfOperation:
                case IEmptyOperation:
                case IVariableDeclarationGroupOperation:
                case IVariableDeclarationOperation:
                case IVariableDeclaratorOperation:
                case IVariableInitializerOperation:
                case IDelegateCreationOperation:
                    return true;
                case IAwaitOperation awaitOperation:
                    return IsCompletedTask(awaitOperation.Operation, types);
                case IPropertyReferenceOperation property:
                    return IsCompletedTask(property, types);
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure:
                    return IsCompletedTask(configure, types);
                case IArgumentOperation:
                    return operation.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" };
                case IFieldReferenceOperation field:
                    return field.Instance is null or IInstanceReferenceOperation;
                case IConversionOperation conversion:
                    return conversion.IsImplicit && conversion.OperatorMethod is null;
                case ISimpleAssignmentOperation assignment:
                    return assignment.Target is ILocalReferenceOperation;
                default:
                    return false;
            }
        }
    }
}
