using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC304: a task that escapes the scope it depends on — the resource of a <c>using</c> (the task is disposed, not
    /// its result), or returned un-awaited by a non-async member from inside a <c>using</c> whose resource it uses (the
    /// resource is disposed while the task runs) or from inside a <c>try</c> (the catch misses its exceptions, the
    /// finally runs before it completes).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskEscapesScopeAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TaskEscapesScope);

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

                var types = shared.Types;

                start.RegisterOperationAction(c => AnalyzeResource(c, ((IUsingOperation)c.Operation).Resources, types), OperationKind.Using);
                start.RegisterOperationAction(c => AnalyzeResource(c, ((IUsingDeclarationOperation)c.Operation).DeclarationGroup, types), OperationKind.UsingDeclaration);
                start.RegisterOperationAction(c => AnalyzeReturn(c, types), OperationKind.Return);
            });
        }

        // ---------- using (FooAsync()) ----------

        private static void AnalyzeResource(OperationAnalysisContext context, IOperation resources, KnownTypes types)
        {
            if (resources is IVariableDeclarationGroupOperation group)
            {
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        if (value != null && types.IsTask(declarator.Symbol.Type))
                        {
                            var fixable = declaration.Syntax is VariableDeclarationSyntax { Type.IsVar: true } && !IsReferenced(declarator.Symbol, context.Operation.Parent);
                            ReportResource(context, value, fixable, types);
                        }
                    }
                }
            }
            else if (types.IsTask(resources.WalkDownConversions()?.Type))
            {
                ReportResource(context, resources.WalkDownConversions()!, fixable: true, types);
            }
        }

        private static void ReportResource(OperationAnalysisContext context, IOperation value, bool fixable, KnownTypes types)
        {
            string? fix = null;
            var makeAsync = false;
            if (fixable
                && types.IsGenericTask(value.Type)
                && AsyncContext.TryGetEnclosingFunction(value, context.ContainingSymbol, types, out var function)
                && function.IsAsyncCode
                && !function.InsideLock)
            {
                fix = FixKinds.Await;
                makeAsync = function.NeedsAsyncModifier;
            }

            Report(context, value.Syntax, "is a task: 'using' disposes the task, not its result", fix, makeAsync);
        }

        private static bool IsReferenced(ILocalSymbol local, IOperation? scope)
            => scope != null && scope.Descendants().Any(o => o is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local));

        // ---------- return FooAsync(resource) from inside using / try ----------

        private static void AnalyzeReturn(OperationAnalysisContext context, KnownTypes types)
        {
            var ret = (IReturnOperation)context.Operation;
            var value = ret.ReturnedValue.WalkDownConversions();
            if (ret.Kind != OperationKind.Return
                || value is not IInvocationOperation invocation
                || !types.IsTaskLike(invocation.Type)
                || IsCompletedTaskFactory(invocation, types)
                || !AsyncContext.TryGetEnclosingFunction(ret, context.ContainingSymbol, types, out var function)
                || function.IsAsync
                || !function.IsAsyncCode)
            {
                return;
            }

            if (IsOwnAsyncHelper(invocation, function.Symbol))
            {
                return; // the fast-path/slow-path split: the helper is async code of the same type that handles its own scope
            }

            var reason = EscapedScope(ret, value);
            if (reason is null)
            {
                return;
            }

            Report(context, value.Syntax, reason, function.InsideLock ? null : FixKinds.Await, makeAsync: true);
        }

        /// <summary>Why the returned task outlives its scope, or null: the innermost using/try between the return and the function.</summary>
        private static string? EscapedScope(IOperation ret, IOperation value)
        {
            IOperation child = ret;
            for (var parent = ret.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        return null;
                    case IUsingOperation @using when child == @using.Body:
                        if (UsedResource(@using.Resources, value) is { } resource)
                        {
                            return "is returned un-awaited from inside 'using': '" + resource + "' is disposed while the task still runs";
                        }

                        break;
                    case ITryOperation @try when child == @try.Body:
                        if (!@try.Catches.IsEmpty && !@try.Catches.All(PropagatesToTask))
                        {
                            return "is returned un-awaited from inside 'try': the catch block never sees the task's exceptions";
                        }

                        if (@try.Finally != null && SharedSymbol(@try.Finally, value) is { } cleaned)
                        {
                            return "is returned un-awaited from inside 'try': the finally block cleans up '" + cleaned + "' before the task completes";
                        }

                        break;
                    case IBlockOperation block:
                        // using var x = …; earlier in the block: x is disposed when the return leaves the block.
                        var index = block.Operations.IndexOf(child);
                        for (var i = index - 1; i >= 0; i--)
                        {
                            if (block.Operations[i] is IUsingDeclarationOperation declaration && UsedResource(declaration.DeclarationGroup, value) is { } declared)
                            {
                                return "is returned un-awaited from inside the scope of 'using': '" + declared + "' is disposed while the task still runs";
                            }
                        }

                        break;
                }
            }

            return null;
        }

        /// <summary>
        /// A catch that only moves a synchronous exception into the task channel (<c>return Task.FromException(ex);</c>,
        /// <c>throw;</c>): it was never meant to see the task's own faults.
        /// </summary>
        private static bool PropagatesToTask(ICatchClauseOperation clause)
        {
            var statements = clause.Handler.Operations;
            if (statements.Length != 1)
            {
                return false;
            }

            switch (statements[0])
            {
                case IThrowOperation:
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                    return true;
                case IReturnOperation { ReturnedValue: { } returned }:
                    return returned.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "FromException" or "FromCanceled" };
                default:
                    return false;
            }
        }

        /// <summary>A private or internal <c>async</c> method of the same type: its author handles exceptions and cleanup there.</summary>
        private static bool IsOwnAsyncHelper(IInvocationOperation invocation, IMethodSymbol caller)
            => invocation.TargetMethod.IsAsync
               && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, caller.ContainingType)
               && invocation.TargetMethod.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal;

        /// <summary>A local, parameter or field the finally block uses that the returned task uses too: what the finally cleans up under it.</summary>
        private static string? SharedSymbol(IOperation @finally, IOperation value)
        {
            var used = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in value.DescendantsAndSelf())
            {
                if (ReferencedSymbol(operation) is { } symbol)
                {
                    used.Add(symbol);
                }
            }

            foreach (var operation in @finally.Descendants())
            {
                if (ReferencedSymbol(operation) is { } symbol && used.Contains(symbol))
                {
                    return symbol.Name;
                }
            }

            return null;
        }

        private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };

        /// <summary>The name of the using's resource that <paramref name="value"/> refers to (also inside lambdas), or null.</summary>
        private static string? UsedResource(IOperation resources, IOperation value)
        {
            var symbols = new List<ISymbol>();
            if (resources is IVariableDeclarationGroupOperation group)
            {
                symbols.AddRange(group.Declarations.SelectMany(d => d.Declarators).Select(d => (ISymbol)d.Symbol));
            }
            else
            {
                switch (resources.WalkDownConversions())
                {
                    case ILocalReferenceOperation local:
                        symbols.Add(local.Local);
                        break;
                    case IParameterReferenceOperation parameter:
                        symbols.Add(parameter.Parameter);
                        break;
                }
            }

            foreach (var operation in value.DescendantsAndSelf())
            {
                var referenced = operation switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                if (referenced != null && symbols.Contains(referenced, SymbolEqualityComparer.Default))
                {
                    return referenced.Name;
                }
            }

            return null;
        }

        /// <summary><c>Task.FromResult</c>, <c>Task.FromException</c>, <c>Task.FromCanceled</c>: complete when created, nothing escapes.</summary>
        private static bool IsCompletedTaskFactory(IInvocationOperation invocation, KnownTypes types)
            => invocation.TargetMethod.Name.StartsWith("From", System.StringComparison.Ordinal)
               && (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.Task)
                   || SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.ValueTask));

        private static void Report(OperationAnalysisContext context, SyntaxNode task, string reason, string? fix, bool makeAsync)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.TaskEscapesScope,
                task.GetLocation(),
                additionalLocations: null,
                properties: DiagnosticProperties.Create(fix, makeAsync),
                DisplayText.Of(task),
                reason));
        }
    }
}
