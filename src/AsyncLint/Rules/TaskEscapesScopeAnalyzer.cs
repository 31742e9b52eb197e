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
            TaskEscapesScopeFix? fix = null;
            if (fixable
                && types.IsGenericTask(value.Type)
                && AsyncContext.TryGetEnclosingFunction(value, context.ContainingSymbol, types, out var function)
                && function.IsAsyncCode
                && !function.InsideLock)
            {
                fix = new TaskEscapesScopeFix(function.NeedsAsyncModifier);
            }

            Report(context, value.Syntax, "is a task: 'using' disposes the task, not its result", fix);
        }

        private static bool IsReferenced(ILocalSymbol local, IOperation? scope)
            => scope != null && scope.Descendants().Any(o => o is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local));

        // ---------- return FooAsync(resource) from inside using / try ----------

        private static void AnalyzeReturn(OperationAnalysisContext context, KnownTypes types)
        {
            var ret = (IReturnOperation)context.Operation;
            var value = ret.ReturnedValue.WalkDownConversions();
            if (ret.Kind != OperationKind.Return
                || value is null
                || !types.IsTaskLike(value.Type)
                || !AsyncContext.TryGetEnclosingFunction(ret, context.ContainingSymbol, types, out var function)
                || function.IsAsync
                || !function.IsAsyncCode)
            {
                return;
            }

            // The calls that made the returned task: the returned call itself, the tasks a Task.WhenAny/WhenAll it
            // returns combines, and what was stored in a local it returns (var task = FooAsync(); … return task;).
            var origins = new List<IInvocationOperation>();
            CollectOrigins(value, FunctionBody(ret), origins, types, depth: 0);
            origins.RemoveAll(origin => IsCompletedTaskFactory(origin, types) || IsOwnAsyncHelper(origin, function.Symbol));
            if (origins.Count == 0)
            {
                return; // complete when made, or the fast-path/slow-path split: the helper handles its own scope
            }

            var reason = EscapedScope(ret, origins);
            if (reason is null)
            {
                return;
            }

            Report(context, value.Syntax, reason, function.InsideLock ? null : new TaskEscapesScopeFix(makeAsync: true));
        }

        private static void CollectOrigins(IOperation? value, IOperation? body, List<IInvocationOperation> origins, KnownTypes types, int depth)
        {
            value = value.WalkDownConversions();
            if (value is null || depth > 3)
            {
                return;
            }

            switch (value)
            {
                case IInvocationOperation { Instance: null, TargetMethod.Name: "WhenAny" or "WhenAll" } combinator when types.IsTask(combinator.TargetMethod.ContainingType):
                    foreach (var argument in combinator.Arguments)
                    {
                        foreach (var element in Elements(argument.Value))
                        {
                            CollectOrigins(element, body, origins, types, depth + 1);
                        }
                    }

                    break;
                case IInvocationOperation invocation when types.IsTaskLike(invocation.Type):
                    origins.Add(invocation);
                    break;
                case ILocalReferenceOperation local when body != null:
                    foreach (var assigned in AssignedValues(local.Local, body))
                    {
                        CollectOrigins(assigned, body, origins, types, depth + 1);
                    }

                    break;
            }
        }

        /// <summary>The tasks an argument of WhenAny/WhenAll passes: itself, or the elements of a params array or collection.</summary>
        private static IEnumerable<IOperation> Elements(IOperation value)
        {
            value = value.WalkDownConversions()!;
            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues;
                case IInvocationOperation:
                case ILocalReferenceOperation:
                    return new[] { value };
                default:
                    // A collection expression (params ReadOnlySpan<Task> on .NET 9+): its elements are its children.
                    return value.ChildOperations;
            }
        }

        /// <summary>The values a local is initialized with or assigned in the function.</summary>
        private static IEnumerable<IOperation> AssignedValues(ILocalSymbol local, IOperation body)
        {
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) && declarator.Initializer != null:
                        yield return declarator.Initializer.Value;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        yield return assignment.Value;
                        break;
                }
            }
        }

        /// <summary>The body of the function the return belongs to (lambda, local function or member).</summary>
        private static IOperation? FunctionBody(IOperation operation)
        {
            IOperation? last = null;
            for (var current = operation.Parent; current != null; last = current, current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    return lambda.Body;
                }

                if (current is ILocalFunctionOperation local)
                {
                    return local.Body ?? local.IgnoredBody;
                }
            }

            return last;
        }

        /// <summary>Why the returned task outlives its scope, or null: the innermost using/try between the return and the function.</summary>
        private static string? EscapedScope(IOperation ret, List<IInvocationOperation> origins)
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
                        if (UsedResource(@using.Resources, origins) is { } resource)
                        {
                            return "is returned un-awaited from inside 'using': '" + resource + "' is disposed while the task still runs";
                        }

                        break;
                    case ITryOperation @try when child == @try.Body:
                        // Only a task started inside the try: one started before it was never the try's to guard.
                        var started = origins.FindAll(o => @try.Body.Syntax.Span.Contains(o.Syntax.Span));
                        if (started.Count == 0)
                        {
                            break;
                        }

                        if (!@try.Catches.IsEmpty && !@try.Catches.All(PropagatesToTask))
                        {
                            return "is returned un-awaited from inside 'try': the catch block never sees the task's exceptions";
                        }

                        if (@try.Finally != null && SharedSymbol(@try.Finally, started) is { } cleaned)
                        {
                            return "is returned un-awaited from inside 'try': the finally block cleans up '" + cleaned + "' before the task completes";
                        }

                        break;
                    case IBlockOperation block:
                        // using var x = …; earlier in the block: x is disposed when the return leaves the block.
                        var index = block.Operations.IndexOf(child);
                        for (var i = index - 1; i >= 0; i--)
                        {
                            if (block.Operations[i] is IUsingDeclarationOperation declaration && UsedResource(declaration.DeclarationGroup, origins) is { } declared)
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
        /// <c>throw;</c>): it was never meant to see the task's own faults. Also one that cleans up and rethrows
        /// (<c>catch { buffer.Dispose(); throw; }</c>): it guards the synchronous window before the task exists, and the
        /// exception goes on either way; whether the cleanup should follow an asynchronous failure too depends on who owns
        /// the resource once the task has it, which the code does not say.
        /// </summary>
        private static bool PropagatesToTask(ICatchClauseOperation clause)
        {
            var statements = clause.Handler.Operations;
            if (statements.IsEmpty)
            {
                return false;
            }

            switch (statements[statements.Length - 1])
            {
                case IThrowOperation:
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                    return !clause.Handler.Descendants().Any(o => o is IReturnOperation);
                case IReturnOperation { ReturnedValue: { } returned } when statements.Length == 1:
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
        private static string? SharedSymbol(IOperation @finally, List<IInvocationOperation> origins)
        {
            var used = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var origin in origins)
            {
                foreach (var operation in origin.DescendantsAndSelf())
                {
                    if (ReferencedSymbol(operation) is { } symbol && FlowsIntoTask(operation, origin))
                    {
                        used.Add(symbol);
                    }
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

        /// <summary>The name of the using's resource that one of the task's calls holds on to (also inside lambdas), or null.</summary>
        private static string? UsedResource(IOperation resources, List<IInvocationOperation> origins)
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

            foreach (var origin in origins)
            {
                foreach (var operation in origin.DescendantsAndSelf())
                {
                    var referenced = operation switch
                    {
                        ILocalReferenceOperation local => (ISymbol)local.Local,
                        IParameterReferenceOperation parameter => parameter.Parameter,
                        _ => null,
                    };
                    if (referenced != null && symbols.Contains(referenced, SymbolEqualityComparer.Default) && FlowsIntoTask(operation, origin))
                    {
                        return referenced.Name;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The reference reaches the running task: as the call's receiver or argument, wrapped in an object or a call result
        /// that may hold it, or captured by a lambda. Not when a call turns it into plain data first
        /// (<c>WriteAsync(Encoding.UTF8.GetString(memoryStream.ToArray()))</c>): that happens before the task exists.
        /// </summary>
        private static bool FlowsIntoTask(IOperation reference, IInvocationOperation origin)
        {
            for (var current = reference.Parent; current != null && current != origin; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation:
                        return true;
                    case IInvocationOperation or IPropertyReferenceOperation when IsPlainData(current.Type):
                        return false;
                }
            }

            return true;
        }

        /// <summary>A value that cannot hold on to a resource: a string, an array, a primitive or enum.</summary>
        private static bool IsPlainData(ITypeSymbol? type)
            => type != null
               && ((type.SpecialType >= SpecialType.System_Boolean && type.SpecialType <= SpecialType.System_String)
                   || type.TypeKind == TypeKind.Array
                   || type.TypeKind == TypeKind.Enum);

        /// <summary><c>Task.FromResult</c>, <c>Task.FromException</c>, <c>Task.FromCanceled</c>: complete when created, nothing escapes.</summary>
        private static bool IsCompletedTaskFactory(IInvocationOperation invocation, KnownTypes types)
            => invocation.TargetMethod.Name.StartsWith("From", System.StringComparison.Ordinal)
               && (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.Task)
                   || SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.ValueTask));

        private static void Report(OperationAnalysisContext context, SyntaxNode task, string reason, TaskEscapesScopeFix? fix)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.TaskEscapesScope,
                task.GetLocation(),
                additionalLocations: null,
                properties: fix?.ToProperties(),
                DisplayText.Of(task),
                reason));
        }
    }
}
