using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Answers "is this task provably complete here?", so that reading its result cannot block. A completed task stays
    /// completed, so each proof only has to show that completion happened before this point and that the variable was
    /// not pointed at another task since. Proofs, cheapest first:
    /// <list type="bullet">
    /// <item>the task is made complete: <c>Task.FromResult</c>, <c>Task.CompletedTask</c>, <c>new ValueTask&lt;T&gt;(value)</c>, the task returned by <c>await Task.WhenAny</c>;</item>
    /// <item>it is the antecedent of the <c>ContinueWith</c> continuation we are in;</item>
    /// <item>a guard: <c>IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>, <c>IsCanceled</c>, <c>Status == RanToCompletion</c>, or equality with the task <c>WhenAny</c> returned;</item>
    /// <item>an earlier statement awaited it on every path (directly, or through an awaited <c>Task.WhenAll</c>), or returned/awaited when it was not complete.</item>
    /// </list>
    /// </summary>
    internal static class TaskCompletion
    {
        /// <summary>For callers that hold the compilation's types only: the same question, with the compilation's context.</summary>
        public static bool IsProvablyComplete(IOperation? taskExpression, IOperation site, KnownTypes types)
            => CompilationContext.TryGet(types.Compilation) is { } context && IsProvablyComplete(taskExpression, site, context);

        public static bool IsProvablyComplete(IOperation? taskExpression, IOperation site, CompilationContext context)
        {
            var task = StripTaskWrappers(ConditionalReceiver(taskExpression) ?? taskExpression);
            if (task is null)
            {
                return false;
            }

            if (IsCompletedSource(task, context) || IsAwaiterForwardingGetResult(site))
            {
                return true;
            }

            if (task is IConditionalOperation { WhenFalse: { } whenFalse } conditional)
            {
                // (readStdErr ? stderr : stdout).GetAwaiter().GetResult() after Task.WaitAll(stdout, stderr)
                return IsProvablyComplete(conditional.WhenTrue, site, context) && IsProvablyComplete(whenFalse, site, context);
            }

            var key = TaskKey.From(task);
            if (key is null)
            {
                return false;
            }

            var elementKey = ElementKey(task, site);

            if (key.Value.Symbol is ILocalSymbol local && IsLocalBoundToCompletedSource(local, site, context))
            {
                return true;
            }

            return IsInsideContinuationOf(key.Value, elementKey, site)
                || IsElementOfCompletedFilter(task, site, context)
                || IsGuarded(new Subject(key.Value, site, context))
                || IsCompletedByEarlierStatement(new Subject(key.Value, site, context))
                || (elementKey != null && IsCompletedByEarlierStatement(new Subject(elementKey.Value, site, context)));
        }

        /// <summary>
        /// <c>_awaiter.GetResult()</c> inside the <c>GetResult</c> of an awaiter of this code (a type with an
        /// <c>IsCompleted</c> property, MassTransit's await adapters): the <c>await</c> that calls it does so only once
        /// <c>IsCompleted</c> was true or the continuation given to <c>OnCompleted</c> ran.
        /// </summary>
        private static bool IsAwaiterForwardingGetResult(IOperation site)
        {
            if (site is not IInvocationOperation { TargetMethod.Name: "GetResult" }
                || site.Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Identifier.ValueText: "GetResult" } method
                || method.Parent is not TypeDeclarationSyntax type)
            {
                return false;
            }

            foreach (var member in type.Members)
            {
                if (member is PropertyDeclarationSyntax { Identifier.ValueText: "IsCompleted" })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <paramref name="value"/> is a task complete by construction: <c>Task.FromResult(…)</c>, <c>new ValueTask&lt;T&gt;(value)</c>,
        /// <c>Task.CompletedTask</c>, a cached completed task, dual-mode code called with <c>async: false</c>, or a
        /// conditional of those.
        /// </summary>
        public static bool IsCompletedByConstruction(IOperation? value, CompilationContext context)
            => StripTaskWrappers(value) is { } task && IsCompletedSource(task, context);

        /// <summary>
        /// Skips conversions, <c>ConfigureAwait(...)</c>, <c>AsTask()</c>, <c>new ValueTask&lt;T&gt;(task)</c> and
        /// <c>Unsafe.As&lt;T&gt;(task)</c>: they do not change which task it is.
        /// </summary>
        public static IOperation? StripTaskWrappers(IOperation? operation)
        {
            while (true)
            {
                operation = operation.WalkDownConversions();
                switch (operation)
                {
                    case IInvocationOperation { Instance: { } instance, TargetMethod.Name: "ConfigureAwait" or "AsTask" }:
                        operation = instance;
                        continue;
                    case IInvocationOperation { Instance: null, TargetMethod: { Name: "As", ContainingType.Name: "Unsafe" }, Arguments.Length: 1 } cast:
                        operation = cast.Arguments[0].Value;
                        continue;
                    case IObjectCreationOperation { Constructor: { Parameters.Length: 1 } constructor, Arguments.Length: 1 } creation
                        when constructor.ContainingType.Name == "ValueTask" && constructor.OriginalDefinition.Parameters[0].Type is INamedTypeSymbol { Name: "Task" }:
                        operation = creation.Arguments[0].Value;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>For <c>x?.Result</c>, the instance is the value <c>x</c> tested for null: that expression, or null.</summary>
        internal static IOperation? ConditionalReceiver(IOperation? operation)
        {
            if (operation is not IConditionalAccessInstanceOperation instance)
            {
                return null;
            }

            for (var parent = instance.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    return access.Operation;
                }
            }

            return null;
        }

        private static bool IsCompletedSource(IOperation operation, CompilationContext context)
        {
            var types = context.Types;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (invocation.Instance is null && (method.Name == "FromResult" || method.Name == "FromException" || method.Name == "FromCanceled"))
                    {
                        return types.IsTaskOrValueTask(method.ContainingType);
                    }

                    // Dual-mode code called with async: false completes synchronously by construction, and so does a
                    // callee whose constant bool arguments steer it away from every await.
                    return DualModeCode.PassesSynchronousFlag(invocation)
                           || context.CompletedTasks.HandsOutOnlyCompletedTasks(method)
                           || ConstantArgumentPaths.CompletesSynchronously(invocation);
                case IPropertyReferenceOperation property:
                    if (property.Instance is null && property.Property.Name == "CompletedTask" && types.IsTaskOrValueTask(property.Property.ContainingType))
                    {
                        return true;
                    }

                    return context.CompletedTasks.HandsOutOnlyCompletedTasks(property.Property);
                case IFieldReferenceOperation field:
                    return context.CompletedTasks.HandsOutOnlyCompletedTasks(field.Field);
                case IObjectCreationOperation creation:
                    return IsValueTaskOfResult(creation, types);
                case IDefaultValueOperation defaultValue:
                    return types.IsValueTask(defaultValue.Type);
                case IAwaitOperation await:
                    return IsWhenAny(StripTaskWrappers(await.Operation), types);
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return StripTaskWrappers(conditional.WhenTrue) is { } whenTrue
                        && IsCompletedSource(whenTrue, context)
                        && StripTaskWrappers(whenFalse) is { } other
                        && IsCompletedSource(other, context);
                default:
                    return false;
            }
        }

        /// <summary><c>new ValueTask&lt;T&gt;(result)</c>: the constructor that takes the result, not a Task or a source.</summary>
        private static bool IsValueTaskOfResult(IObjectCreationOperation creation, KnownTypes types)
        {
            if (creation.Constructor is not { Parameters.Length: 1 } ctor
                || !SymbolEqualityComparer.Default.Equals(ctor.ContainingType.OriginalDefinition, types.ValueTaskOfT))
            {
                return false;
            }

            var resultType = ctor.ContainingType.TypeArguments[0];
            return SymbolEqualityComparer.Default.Equals(ctor.Parameters[0].Type, resultType);
        }

        private static bool IsWhenAny(IOperation? operation, KnownTypes types)
            => operation is IInvocationOperation { Instance: null } invocation
               && invocation.TargetMethod.Name == "WhenAny"
               && types.IsTask(invocation.TargetMethod.ContainingType);

        private static bool IsLocalBoundToCompletedSource(ILocalSymbol local, IOperation site, CompilationContext context)
        {
            var root = site.RootOperation();

            var bound = false;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        var initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                        var value = StripTaskWrappers(initializer);
                        if (value is null || !(IsNullConstant(value) || IsCompletedSource(value, context)))
                        {
                            // Task<T>? found = null; … found = completed; — declared empty, it holds only what is assigned.
                            if (initializer != null || !(declarator.Parent is IVariableDeclarationOperation))
                            {
                                return false;
                            }
                        }

                        bound = true;
                        break;
                    case IAssignmentOperation assignment when TaskKey.From(assignment.Target.WalkDownConversions()) is { } target
                                                               && SymbolEqualityComparer.Default.Equals(target.Symbol, local):
                        // Sonarr's HappyEyeballs: if (completed.IsCompletedSuccessfully) { successTask = completed; break; }
                        if (assignment is ISimpleAssignmentOperation { Value: var assigned }
                            && StripTaskWrappers(assigned) is { } assignedTask
                            && (IsNullConstant(assignedTask)
                                || IsCompletedSource(assignedTask, context)
                                || (TaskKey.From(assignedTask) is { } assignedKey && IsGuarded(new Subject(assignedKey, assignment, context)))))
                        {
                            break;
                        }

                        return false;
                    case IDeconstructionAssignmentOperation:
                        if (ReferencesInTarget(operation, local))
                        {
                            return false;
                        }

                        break;
                }
            }

            return bound;
        }

        private static bool IsNullConstant(IOperation value) => value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: null };

        private static bool ReferencesInTarget(IOperation deconstruction, ILocalSymbol local)
        {
            var target = ((IDeconstructionAssignmentOperation)deconstruction).Target;
            foreach (var operation in target.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// For <c>foreach (var t in tasks)</c> or a LINQ/List lambda over <c>tasks</c> (<c>tasks.Select(t => t.Result)</c>),
        /// the key "an element of tasks".
        /// </summary>
        private static TaskKey? ElementKey(IOperation task, IOperation site)
        {
            // rateTask.Value in foreach (var rateTask in rateTasks), r.Item2 in results.Select(r => … r.Item2.Result …)
            if (MemberOfInstance(task) is ({ } instance, { } member))
            {
                return ElementCollection(instance, site) is { } collection && ReadElementKey(collection) is { } element
                    ? Project(element, member, collection)
                    : null;
            }

            return ElementCollection(task, site) is { } elements ? ReadElementKey(elements) : null;
        }

        /// <summary>The collection whose elements the loop variable or lambda parameter <paramref name="task"/> runs over, or null.</summary>
        private static IOperation? ElementCollection(IOperation task, IOperation site)
        {
            if (task is IParameterReferenceOperation parameter)
            {
                return LambdaCollection(parameter.Parameter, site);
            }

            if (task is not ILocalReferenceOperation reference)
            {
                return null;
            }

            for (var current = site.Parent; current != null; current = current.Parent)
            {
                if (current is IForEachLoopOperation loop && loop.Locals.Contains(reference.Local))
                {
                    return loop.Collection;
                }
            }

            return null;
        }

        /// <summary>
        /// An element of a collection filtered by a completion test: <c>tasks.Where(t =&gt; t.Status == TaskStatus.RanToCompletion)
        /// .Select(t =&gt; t.Result)</c>, also through a local holding the filtered view (Jackett's WhenAll-with-timeout helper).
        /// </summary>
        private static bool IsElementOfCompletedFilter(IOperation task, IOperation site, CompilationContext context)
        {
            var collection = ElementCollection(task, site);
            for (var step = 0; collection != null && step < 8; step++)
            {
                collection = StripCollectionCopies(LocalValues.KnownValue(collection));
                if (collection is not IInvocationOperation { TargetMethod: { IsExtensionMethod: true, ContainingType.Name: "Enumerable" } method } invocation
                    || invocation.Arguments.Length == 0
                    || !ElementPreservingOperators.Contains(method.Name))
                {
                    return false;
                }

                if (method.Name == "Where"
                    && invocation.Arguments.Length == 2
                    && invocation.Arguments[1].Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } predicate }
                    && TaskRunCalls.SingleExpression(predicate) is { } test
                    && Implies(test, new Subject(new TaskKey(predicate.Symbol.Parameters[0], elementOf: false), test, context), true))
                {
                    return true;
                }

                collection = invocation.Arguments[0].Value;
            }

            return false;
        }

        /// <summary><c>x.Member</c> (a field or a property without arguments) as its instance and the member's name.</summary>
        private static (IOperation? Instance, string? Member) MemberOfInstance(IOperation? operation)
            => operation.WalkDownConversions() switch
            {
                IFieldReferenceOperation { Instance: { } instance } field => (instance.WalkDownConversions(), field.Field.Name),
                IPropertyReferenceOperation { Instance: { } instance, Arguments.IsEmpty: true } property => (instance.WalkDownConversions(), property.Property.Name),
                _ => (null, null),
            };

        /// <summary>
        /// A member of each element of <paramref name="collection"/>: the element itself when the collection is a dictionary
        /// and the member its pairs' <c>Value</c> (a dictionary's elements are its values, as its indexer and
        /// <c>Values</c> give them), else the projection.
        /// </summary>
        private static TaskKey Project(TaskKey element, string member, IOperation collection)
            => member == "Value" && IsDictionary(StripCollectionCopies(collection)?.Type) ? element : element.AsProjection(member);

        private static bool IsDictionary(ITypeSymbol? type)
            => type is INamedTypeSymbol named
               && (IsDictionaryInterface(named) || named.AllInterfaces.Any(IsDictionaryInterface));

        private static bool IsDictionaryInterface(INamedTypeSymbol type)
            => type.Name is "IDictionary" or "IReadOnlyDictionary" && type.Arity == 2 && type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

        private static IOperation? LambdaCollection(IParameterSymbol parameter, IOperation site)
        {
            for (var current = site.Parent; current != null; current = current.Parent)
            {
                if (current is not IAnonymousFunctionOperation lambda)
                {
                    continue;
                }

                if (lambda.Symbol.Parameters.IsEmpty || !SymbolEqualityComparer.Default.Equals(lambda.Symbol.Parameters[0], parameter))
                {
                    return null;
                }

                if (lambda.InvocationTaking() is not { } invocation)
                {
                    return null;
                }

                var method = invocation.TargetMethod;
                if (method.IsExtensionMethod && method.ContainingType?.Name == "Enumerable" && invocation.Arguments.Length > 0)
                {
                    return invocation.Arguments[0].Value;
                }

                return invocation.Instance != null && method.ContainingType?.Name == "List" ? invocation.Instance : null;
            }

            return null;
        }

        /// <summary>
        /// Where elements are read: an element of <c>tasks.Where(…)</c>, <c>tasks.OrderBy(…)</c> or <c>tasks.Skip(n)</c> is an
        /// element of <c>tasks</c> (not so where tasks are awaited: awaiting a filtered part completes only that part).
        /// </summary>
        private static TaskKey? ReadElementKey(IOperation collectionExpression)
        {
            var source = collectionExpression;
            while (StripCollectionCopies(source) is IInvocationOperation { TargetMethod: { IsExtensionMethod: true, ContainingType.Name: "Enumerable" } method } invocation
                   && invocation.Arguments.Length > 0
                   && ElementPreservingOperators.Contains(method.Name))
            {
                source = invocation.Arguments[0].Value;
            }

            return CollectionElementKey(source);
        }

        /// <summary>LINQ operators whose result holds only elements of their source: sorted, filtered, copied, sliced.</summary>
        private static readonly System.Collections.Immutable.ImmutableHashSet<string> ElementPreservingOperators = System.Collections.Immutable.ImmutableHashSet.Create(
            System.StringComparer.Ordinal,
            "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Where", "ToList", "ToArray", "AsEnumerable", "Reverse", "Skip", "Take", "Distinct");

        private static TaskKey? CollectionElementKey(IOperation collectionExpression)
        {
            var collection = TaskKey.From(StripCollectionCopies(collectionExpression));
            return collection?.AsElement();
        }

        /// <summary>Skips <c>.ToArray()</c>, <c>.ToList()</c>, <c>.AsEnumerable()</c> and conversions around a collection of tasks.</summary>
        private static IOperation? StripCollectionCopies(IOperation? operation)
        {
            while (true)
            {
                operation = operation.WalkDownConversions();
                if (operation is IInvocationOperation invocation
                    && (invocation.TargetMethod.Name == "ToArray" || invocation.TargetMethod.Name == "ToList" || invocation.TargetMethod.Name == "AsEnumerable"))
                {
                    operation = invocation.Instance ?? (invocation.Arguments.Length == 1 ? invocation.Arguments[0].Value : null);
                    continue;
                }

                return operation;
            }
        }

        private static bool IsInsideContinuationOf(TaskKey key, TaskKey? elementKey, IOperation site)
        {
            for (var current = site.Parent; current != null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation)
                {
                    return false;
                }

                if (current is not IAnonymousFunctionOperation lambda)
                {
                    continue;
                }

                if (lambda.InvocationTaking() is not { } invocation)
                {
                    continue;
                }

                var name = invocation.TargetMethod.Name;
                if (name == "OnCompleted" || name == "UnsafeOnCompleted")
                {
                    // t.GetAwaiter().OnCompleted(() => … t.Result …): the callback runs once t has completed.
                    if (invocation.Instance.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited }
                        && KeysOf(awaited).Contains(key))
                    {
                        return true;
                    }

                    continue;
                }

                if (name != "ContinueWith" && name != "ContinueWhenAll" && name != "ContinueWhenAny")
                {
                    continue;
                }

                // Task.Factory.ContinueWhenAll(tasks, _ => … a.Result …): every task given is complete in the continuation.
                if (name == "ContinueWhenAll" && invocation.Arguments.Length > 0)
                {
                    var all = new List<TaskKey>();
                    AddArgumentKeys(all, invocation.Arguments[0].Value, depth: 0);
                    if (all.Contains(key) || (elementKey != null && all.Contains(elementKey.Value)))
                    {
                        return true;
                    }
                }

                // The continuation's first parameter is the completed antecedent (or the array of completed tasks).
                if (!lambda.Symbol.Parameters.IsEmpty)
                {
                    var antecedent = lambda.Symbol.Parameters[0];
                    if (SymbolEqualityComparer.Default.Equals(key.Symbol, antecedent)
                        || (elementKey != null && SymbolEqualityComparer.Default.Equals(elementKey.Value.Symbol, antecedent)))
                    {
                        return true;
                    }
                }

                if (name == "ContinueWith" && invocation.Instance != null && AwaitedKeys(invocation.Instance).Contains(key))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsGuarded(Subject key)
        {
            var child = key.Site;
            for (var parent = key.Site.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ILocalFunctionOperation:
                        return false;
                    case IConditionalOperation conditional:
                        if ((child == conditional.WhenTrue && Implies(conditional.Condition, key, true))
                            || (child == conditional.WhenFalse && Implies(conditional.Condition, key, false)))
                        {
                            return true;
                        }

                        break;
                    case IBinaryOperation binary when child == binary.RightOperand:
                        if ((binary.OperatorKind == BinaryOperatorKind.ConditionalAnd && Implies(binary.LeftOperand, key, true))
                            || (binary.OperatorKind == BinaryOperatorKind.ConditionalOr && Implies(binary.LeftOperand, key, false)))
                        {
                            return true;
                        }

                        break;
                    case IWhileLoopOperation loop when child == loop.Body && loop.ConditionIsTop && !loop.ConditionIsUntil:
                        if (loop.Condition != null && Implies(loop.Condition, key, true))
                        {
                            return true;
                        }

                        break;
                    case ISwitchCaseOperation switchCase when switchCase.Parent is ISwitchOperation switchStatement:
                        if (IsStatusOf(switchStatement.Value, key) && AllClausesAreFinalStatuses(switchCase))
                        {
                            return true;
                        }

                        break;
                    case ISwitchExpressionArmOperation arm when arm.Parent is ISwitchExpressionOperation switchExpression && child == arm.Value:
                        if (IsStatusOf(switchExpression.Value, key) && arm.Pattern is IConstantPatternOperation { Value: var constant } && IsFinalStatus(constant))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary><c>t.Status</c>, or a local initialized from it (<c>var status = t.Status; switch (status)</c>).</summary>
        private static bool IsStatusOf(IOperation value, Subject key)
        {
            value = value.WalkDownConversions()!;
            if (value is IPropertyReferenceOperation { Property.Name: "Status" } status)
            {
                return TaskKey.From(StripTaskWrappers(status.Instance)) == key.Key;
            }

            if (value is not ILocalReferenceOperation local)
            {
                return false;
            }

            var root = key.Site.RootOperation();

            foreach (var operation in root.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                    && declarator.Initializer?.Value is { } initializer)
                {
                    return initializer.WalkDownConversions() is not ILocalReferenceOperation && IsStatusOf(initializer, key);
                }
            }

            return false;
        }

        private static bool AllClausesAreFinalStatuses(ISwitchCaseOperation switchCase)
        {
            foreach (var clause in switchCase.Clauses)
            {
                var ok = clause switch
                {
                    ISingleValueCaseClauseOperation single => IsFinalStatus(single.Value),
                    IPatternCaseClauseOperation { Pattern: IConstantPatternOperation constant, Guard: null } => IsFinalStatus(constant.Value),
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }

            return switchCase.Clauses.Length > 0;
        }

        private static bool IsFinalStatus(IOperation value)
            => value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "RanToCompletion" or "Faulted" or "Canceled", Field.ContainingType.Name: "TaskStatus" };

        /// <summary>Does <paramref name="condition"/> evaluating to <paramref name="value"/> prove the task complete?</summary>
        private static bool Implies(IOperation condition, Subject key, bool value) => Implies(condition, key, value, depth: 0);

        private static bool Implies(IOperation condition, Subject key, bool value, int depth)
        {
            condition = condition.WalkDownConversions()!;
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Implies(not.Operand, key, !value, depth);
                case ILocalReferenceOperation flag when depth < 4 && flag.Local.Type?.SpecialType == SpecialType.System_Boolean:
                    // var triedBody = content?.Task.IsCompleted == true; … if (triedBody) … content!.Task.Result: a flag set
                    // once from a guard, while the task it tested is not pointed elsewhere.
                    return LocalValues.KnownValue(flag) is { } known
                        && known is not ILocalReferenceOperation
                        && !IsReassignedVariable(key)
                        && Implies(known, key, value, depth + 1);
                case IBinaryOperation binary:
                    switch (binary.OperatorKind)
                    {
                        case BinaryOperatorKind.ConditionalAnd:
                            return value && (Implies(binary.LeftOperand, key, true, depth) || Implies(binary.RightOperand, key, true, depth));
                        case BinaryOperatorKind.ConditionalOr:
                            return !value && (Implies(binary.LeftOperand, key, false, depth) || Implies(binary.RightOperand, key, false, depth));
                        case BinaryOperatorKind.Equals:
                        case BinaryOperatorKind.NotEquals:
                            var equal = (binary.OperatorKind == BinaryOperatorKind.Equals) == value;
                            return ImpliesByComparison(binary.LeftOperand, binary.RightOperand, key, equal, depth)
                                || ImpliesByComparison(binary.RightOperand, binary.LeftOperand, key, equal, depth);
                        default:
                            return false;
                    }

                case IPropertyReferenceOperation property:
                    return value && IsCompletionProperty(property, key);
                case IInvocationOperation invocation:
                    return value && (CompletedKeysWhenTrue(invocation).Contains(key.Key) || IsCompletionExtension(invocation, key));
                case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool constant } } } isPattern:
                    return Implies(isPattern.Value, key, constant == value, depth);
                case IConditionalAccessOperation access when value:
                    // content?.Task.IsCompleted is true only where content is not null and its task is complete
                    return Implies(access.WhenNotNull, key, true, depth);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The local or parameter the task is read through (the task itself, or its owner: <c>content</c> of
        /// <c>content.Task</c>) is assigned after its declaration: a flag computed earlier may have tested another task.
        /// </summary>
        private static bool IsReassignedVariable(Subject key)
        {
            var variable = key.Key.Owner ?? key.Key.Symbol;
            if (variable is not (ILocalSymbol or IParameterSymbol))
            {
                return false;
            }

            var declared = variable is IParameterSymbol;
            foreach (var operation in key.Site.RootOperation().Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable):
                        if (declared)
                        {
                            return true;
                        }

                        declared = true;
                        break;
                    case IAssignmentOperation assignment when IsReferenceTo(assignment.Target, variable):
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when IsReferenceTo(argument.Value, variable):
                        return true;
                }
            }

            return false;
        }

        private static bool IsReferenceTo(IOperation? operation, ISymbol variable)
            => SymbolEqualityComparer.Default.Equals(operation.ReferencedVariable(), variable);

        private static bool ImpliesByComparison(IOperation left, IOperation right, Subject key, bool equal, int depth)
        {
            left = left.WalkDownConversions()!;
            right = right.WalkDownConversions()!;

            // t.IsCompleted == true / t.IsCompleted != false; of a lifted x?.Task.IsCompleted only "== true" tells
            if (right.ConstantValue is { HasValue: true, Value: bool constant})
            {
                var implied = equal ? constant : !constant;
                return (left is not IConditionalAccessOperation || (equal && constant)) && Implies(left, key, implied, depth);
            }

            // t.Status == TaskStatus.RanToCompletion (or Faulted, Canceled)
            if (equal
                && left is IPropertyReferenceOperation { Property.Name: "Status" } status
                && TaskKey.From(status.Instance.WalkDownConversions()) == key.Key
                && right is IFieldReferenceOperation { Field.Name: "RanToCompletion" or "Faulted" or "Canceled" })
            {
                return true;
            }

            // var winner = await Task.WhenAny(t, delay); if (winner == delay) throw …; — past it, the winner is t
            if (!equal
                && left is ILocalReferenceOperation raceResult
                && LocalValues.Unawaited(LocalValues.KnownValue(raceResult)) is IInvocationOperation { Instance: null, TargetMethod.Name: "WhenAny" } whenAny
                && KeysOfArguments(whenAny) is { Count: 2 } raced
                && raced.Contains(key.Key)
                && TaskKey.From(StripTaskWrappers(right)) is { } loser
                && !loser.Equals(key.Key)
                && raced.Contains(loser))
            {
                return true;
            }

            // await Task.WhenAny(...) == t, or winner == t where winner came from await Task.WhenAny
            if (equal && TaskKey.From(StripTaskWrappers(left)) == key.Key)
            {
                var other = StripTaskWrappers(right);
                if (other is IAwaitOperation await && await.Operation.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "WhenAny" })
                {
                    return true;
                }

                if (other is ILocalReferenceOperation winner && IsLocalBoundToCompletedSource(winner.Local, key.Site, key.Context))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A project's own guard for frameworks without the property: <c>task.IsCompletedSuccessfully()</c>, an extension
        /// method that takes the task and answers a bool (MassTransit's TaskExtensions).
        /// </summary>
        private static bool IsCompletionExtension(IInvocationOperation invocation, Subject key)
            => invocation.TargetMethod is { IsExtensionMethod: true, Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" } method
               && method.ReturnType.SpecialType == SpecialType.System_Boolean
               && invocation.Arguments.Length >= 1
               && TaskKey.From(StripTaskWrappers(invocation.Arguments[0].Value)) == key.Key;

        private static bool IsCompletionProperty(IPropertyReferenceOperation property, Subject key)
        {
            switch (property.Property.Name)
            {
                case "IsCompleted":
                case "IsCompletedSuccessfully":
                case "IsFaulted":
                case "IsCanceled":
                    return TaskKey.From(StripTaskWrappers(property.Instance)) == key.Key
                        || (property.Instance.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                            && TaskKey.From(StripTaskWrappers(getAwaiter.Instance)) == key.Key);
                default:
                    return false;
            }
        }

        private static bool IsCompletedByEarlierStatement(Subject key)
        {
            var child = key.Site;
            for (var parent = key.Site.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent is ILocalFunctionOperation)
                {
                    return false;
                }

                if (parent is not IBlockOperation block)
                {
                    continue;
                }

                switch (CompletesBefore(block, block.Operations.IndexOf(child), key))
                {
                    case true:
                        return true;
                    case false:
                        return false;
                }
            }

            return false;
        }

        /// <summary><c>if (!t.IsCompleted) return;</c>, <c>if (!t.IsCompleted) await t;</c>, <c>while (!t.IsCompleted) { … }</c>.</summary>
        private static bool IsCompletionGuardStatement(IOperation statement, Subject key)
        {
            switch (statement)
            {
                case IConditionalOperation { WhenFalse: null } conditional:
                    return Implies(conditional.Condition, key, false)
                        && (AlwaysExits(conditional.WhenTrue) || DefinitelyAwaits(conditional.WhenTrue, key.Key));
                case IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition }:
                    return Implies(condition, key, false);
                case ITryOperation tryOperation:
                    // try { if (!t.Wait(timeout)) throw …; } catch (…) { throw …; }: past the try, t is complete.
                    foreach (var handler in tryOperation.Catches)
                    {
                        if (!AlwaysExits(handler.Handler) && !CompletesBlock(handler.Handler, key))
                        {
                            return false;
                        }
                    }

                    return CompletesBlock(tryOperation.Body, key);
                default:
                    return false;
            }
        }

        /// <summary>A statement of <paramref name="block"/> completes the task, and no later one points the variable elsewhere.</summary>
        private static bool CompletesBlock(IBlockOperation block, Subject key)
            => CompletesBefore(block, block.Operations.Length, key) == true;

        /// <summary>
        /// Looking back from the statement at <paramref name="end"/>: true when an earlier statement completes the task,
        /// false when one points the variable at another task first, null when the block says nothing.
        /// </summary>
        private static bool? CompletesBefore(IBlockOperation block, int end, Subject key)
        {
            for (var i = end - 1; i >= 0; i--)
            {
                var statement = block.Operations[i];
                if (DefinitelyAwaits(statement, key.Key) || IsCompletionGuardStatement(statement, key))
                {
                    return true;
                }

                if (Reassigns(statement, key.Key))
                {
                    return false;
                }
            }

            return null;
        }

        /// <summary>The statement always leaves the block: return, break/continue, throw, or a block ending in one.</summary>
        internal static bool AlwaysExits(IOperation statement)
        {
            switch (statement)
            {
                case IReturnOperation:
                case IBranchOperation:
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                case IThrowOperation:
                    return true;
                case IBlockOperation block:
                    return block.Operations.Length > 0 && AlwaysExits(block.Operations[block.Operations.Length - 1]);
                default:
                    return false;
            }
        }

        /// <summary>The statement awaits the task, or waits for it to the end, on every path through it.</summary>
        private static bool DefinitelyAwaits(IOperation statement, TaskKey key)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if ((operation is IAwaitOperation || operation is IInvocationOperation)
                    && CompletedKeys(operation).Contains(key)
                    && IsUnconditionalWithin(operation, statement))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The tasks that are complete once <paramref name="operation"/> has run: what it awaits, or what a wait with no
        /// timeout blocks on (<c>t.Wait()</c>, <c>t.Wait(ct)</c>, <c>Task.WaitAll(a, b)</c>, <c>t.GetAwaiter().GetResult()</c>).
        /// </summary>
        private static List<TaskKey> CompletedKeys(IOperation operation)
        {
            switch (operation)
            {
                case IAwaitOperation await:
                    return AwaitedKeys(await.Operation);
                case IInvocationOperation { TargetMethod: { Name: "Wait", ReturnsVoid: true }, Instance: { } task }:
                    return KeysOf(task);
                case IInvocationOperation { TargetMethod: { Name: "WaitAll", ReturnsVoid: true }, Instance: null } waitAll:
                    return KeysOfArguments(waitAll);
                case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: { } awaiter }
                    when awaiter.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited }:
                    return KeysOf(awaited);
                default:
                    return new List<TaskKey>();
            }
        }

        /// <summary>The tasks a timed wait has completed when it returns true: <c>t.Wait(timeout)</c>, <c>Task.WaitAll(tasks, timeout)</c>.</summary>
        private static List<TaskKey> CompletedKeysWhenTrue(IInvocationOperation invocation)
        {
            switch (invocation)
            {
                case { TargetMethod: { Name: "Wait", ReturnsVoid: false }, Instance: { } task }:
                    return KeysOf(task);
                case { TargetMethod: { Name: "WaitAll", ReturnsVoid: false }, Instance: null }:
                    return KeysOfArguments(invocation);
                default:
                    return new List<TaskKey>();
            }
        }

        private static List<TaskKey> KeysOf(IOperation task)
        {
            var keys = new List<TaskKey>();
            if (TaskKey.From(StripTaskWrappers(task)) is { } key)
            {
                keys.Add(key);
            }

            return keys;
        }

        /// <summary>The tasks an awaited expression completes: itself, or each task given to <c>Task.WhenAll</c>.</summary>
        private static List<TaskKey> AwaitedKeys(IOperation awaited)
        {
            var operand = StripTaskWrappers(awaited);
            return operand is IInvocationOperation { Instance: null } invocation && invocation.TargetMethod.Name == "WhenAll"
                ? KeysOfArguments(invocation)
                : KeysOf(awaited);
        }

        /// <summary>
        /// The tasks passed to <c>WhenAll</c>/<c>WaitAll</c>, whatever overload binds: each element of a params array, a
        /// params span or a collection expression (<c>WhenAll(a, b)</c> binds to <c>params ReadOnlySpan&lt;Task&gt;</c>
        /// on .NET 9 and later), or "every element of" a collection passed whole.
        /// </summary>
        private static List<TaskKey> KeysOfArguments(IInvocationOperation invocation)
        {
            var keys = new List<TaskKey>();
            foreach (var argument in invocation.Arguments)
            {
                AddArgumentKeys(keys, argument.Value, depth: 0);
            }

            return keys;
        }

        private static void AddArgumentKeys(List<TaskKey> keys, IOperation? value, int depth)
        {
            value = StripTaskWrappers(value);
            if (value is null || depth > 3)
            {
                return;
            }

            if (ProjectedElements(value) is { } projected)
            {
                keys.Add(projected);
                return;
            }

            if (TaskKey.From(value) is { } key)
            {
                // A task itself (WhenAny(a, b) on .NET 9+), or a collection of tasks passed whole.
                keys.Add(IsCollection(value.Type) ? key.AsElement() : key);
                return;
            }

            if (TaskKey.From(StripCollectionCopies(value)) is { ElementOf: false } copied)
            {
                keys.Add(copied.AsElement()); // tasks.ToArray()
                return;
            }

            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    foreach (var element in initializer.ElementValues)
                    {
                        AddArgumentKeys(keys, element, depth + 1);
                    }

                    return;
                case IInvocationOperation or IObjectCreationOperation or ILiteralOperation:
                    return;
            }

            // A collection expression or a params collection ([a, b], or the span the compiler builds for WhenAll(a, b)),
            // and a spread (..tasks) inside one: not in this Roslyn version's operation kinds, so recognized by shape.
            if (value.Kind == OperationKind.None || IsCollectionExpressionOrSpread(value.Kind))
            {
                foreach (var child in value.ChildOperations)
                {
                    AddArgumentKeys(keys, child, depth + 1);
                }
            }
        }

        /// <summary>
        /// A collection of tasks read out of the elements of another: a dictionary's <c>Values</c> (its elements, as its
        /// indexer gives them), or <c>source.Select(e =&gt; e.Member)</c> (that member of each element of the source).
        /// </summary>
        private static TaskKey? ProjectedElements(IOperation value)
        {
            value = StripCollectionCopies(value)!;
            if (value is IPropertyReferenceOperation { Property.Name: "Values", Arguments.IsEmpty: true, Instance: { } dictionary }
                && IsDictionary(dictionary.WalkDownConversions()?.Type)
                && TaskKey.From(dictionary) is { ElementOf: false } whole)
            {
                return whole.AsElement();
            }

            if (value is IInvocationOperation { TargetMethod: { Name: "Select", IsExtensionMethod: true, ContainingType.Name: "Enumerable" }, Arguments: { Length: 2 } arguments }
                && arguments[1].Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } selector }
                && selector.Body.Operations is { Length: 1 } body
                && body[0] is IReturnOperation { ReturnedValue: { } returned }
                && MemberOfInstance(returned) is (IParameterReferenceOperation element, { } member)
                && SymbolEqualityComparer.Default.Equals(element.Parameter, selector.Symbol.Parameters[0])
                && CollectionElementKey(arguments[0].Value) is { Projection: null } source)
            {
                return Project(source, member, arguments[0].Value);
            }

            return null;
        }

        private static bool IsCollectionExpressionOrSpread(OperationKind kind)
        {
            var name = kind.ToString();
            return name == "CollectionExpression" || name == "Spread";
        }

        private static bool IsCollection(ITypeSymbol? type)
            => type is IArrayTypeSymbol
               || (type is INamedTypeSymbol named && (named.Name == "ReadOnlySpan" || named.Name == "Span" || named.AllInterfaces.Any(i => i.Name == "IEnumerable")));

        private static bool IsUnconditionalWithin(IOperation operation, IOperation statement)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && child != statement; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation:
                    case ILoopOperation:
                    case ICoalesceOperation:
                    case IConditionalAccessOperation:
                    case ISwitchOperation:
                    case ISwitchExpressionOperation:
                    case ITryOperation:
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        return false;
                    case IBinaryOperation binary when child == binary.RightOperand
                                                      && (binary.OperatorKind == BinaryOperatorKind.ConditionalAnd || binary.OperatorKind == BinaryOperatorKind.ConditionalOr):
                        return false;
                }
            }

            return true;
        }

        private static bool Reassigns(IOperation statement, TaskKey key)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IAssignmentOperation assignment
                    && TaskKey.From(assignment.Target.WalkDownConversions()) is { } target
                    && SymbolEqualityComparer.Default.Equals(target.Symbol, key.Symbol)
                    && !(key.ElementOf && KeepsElementsOf(assignment.Value, target)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>results = results.OrderBy(r =&gt; r.Item1).ToList()</c>: the new collection holds only elements of the old one
        /// (sorted, filtered, copied), so "every element is complete" still holds.
        /// </summary>
        private static bool KeepsElementsOf(IOperation value, TaskKey collection)
        {
            for (var current = value.WalkDownConversions(); current != null; current = current.WalkDownConversions())
            {
                if (TaskKey.From(current) is { } source)
                {
                    return source.Equals(collection);
                }

                if (current is not IInvocationOperation { TargetMethod: { IsExtensionMethod: true, ContainingType.Name: "Enumerable" } method } invocation
                    || invocation.Arguments.Length == 0
                    || !ElementPreservingOperators.Contains(method.Name))
                {
                    return false;
                }

                current = invocation.Arguments[0].Value;
            }

            return false;
        }
    }

    /// <summary>The task in question, where the question is asked, and the compilation's context.</summary>
    internal readonly struct Subject
    {
        public Subject(TaskKey key, IOperation site, CompilationContext context)
        {
            Key = key;
            Site = site;
            Context = context;
        }

        public TaskKey Key { get; }

        public IOperation Site { get; }

        public CompilationContext Context { get; }

        public KnownTypes Types => Context.Types;
    }

    /// <summary>
    /// Which task an expression denotes: a local, parameter, field or property of <c>this</c>, a field or property of one
    /// of those (<c>_lazyChannel.Value</c>), or an element of such a collection.
    /// </summary>
    internal readonly struct TaskKey : System.IEquatable<TaskKey>
    {
        public TaskKey(ISymbol symbol, bool elementOf, ISymbol? owner = null, string? projection = null)
        {
            Symbol = symbol;
            ElementOf = elementOf;
            Owner = owner;
            Projection = projection;
        }

        public ISymbol Symbol { get; }

        public bool ElementOf { get; }

        /// <summary>The local, parameter, field or property whose member <see cref="Symbol"/> is (<c>_lazyChannel</c> in <c>_lazyChannel.Value</c>), or null.</summary>
        public ISymbol? Owner { get; }

        /// <summary>
        /// With <see cref="ElementOf"/>: the task is this member of each element, not the element (<c>Item2</c> of every
        /// element of <c>results</c>, awaited as <c>WhenAll(results.Select(r =&gt; r.Item2))</c>); null for the element itself.
        /// </summary>
        public string? Projection { get; }

        /// <summary>"An element of" this collection.</summary>
        public TaskKey AsElement() => new TaskKey(Symbol, elementOf: true, Owner);

        /// <summary>"Member <paramref name="member"/> of an element of" this collection.</summary>
        public TaskKey AsProjection(string member) => new TaskKey(Symbol, elementOf: true, Owner, member);

        public static TaskKey? From(IOperation? operation)
        {
            switch (operation.WalkDownConversions())
            {
                case ILocalReferenceOperation local:
                    return new TaskKey(local.Local, false);
                case IParameterReferenceOperation parameter:
                    return new TaskKey(parameter.Parameter, false);
                case IFieldReferenceOperation field when field.Instance is null || field.Instance is IInstanceReferenceOperation:
                    return new TaskKey(field.Field, false);
                case IPropertyReferenceOperation property when property.Arguments.IsEmpty && (property.Instance is null || property.Instance is IInstanceReferenceOperation):
                    return new TaskKey(property.Property, false);
                case IFieldReferenceOperation field when From(field.Instance) is { ElementOf: false, Owner: null } owner:
                    return new TaskKey(field.Field, false, owner.Symbol);
                case IPropertyReferenceOperation property when property.Arguments.IsEmpty && From(property.Instance) is { ElementOf: false, Owner: null } owner:
                    return new TaskKey(property.Property, false, owner.Symbol);
                case IPropertyReferenceOperation indexer when !indexer.Arguments.IsEmpty:
                    return From(indexer.Instance) is { ElementOf: false } collection ? collection.AsElement() : null;
                case IArrayElementReferenceOperation element:
                    return From(element.ArrayReference) is { ElementOf: false } array ? array.AsElement() : null;
                case IConditionalAccessInstanceOperation instance:
                    // the x of x?.Task
                    return From(TaskCompletion.ConditionalReceiver(instance));
                default:
                    return null;
            }
        }

        public bool Equals(TaskKey other)
            => ElementOf == other.ElementOf
               && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol)
               && SymbolEqualityComparer.Default.Equals(Owner, other.Owner)
               && string.Equals(Projection, other.Projection, System.StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is TaskKey other && Equals(other);

        public override int GetHashCode()
            => (SymbolEqualityComparer.Default.GetHashCode(Symbol) * 397) ^ (Owner is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(Owner) * 31) ^ (ElementOf ? 1 : 0);

        public static bool operator ==(TaskKey? left, TaskKey right) => left.HasValue && left.Value.Equals(right);

        public static bool operator !=(TaskKey? left, TaskKey right) => !(left == right);
    }
}
