using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// "Does this operation block the thread?", whatever code it is in: a wait on a task that is not provably complete
    /// (ASYNC101/104's forms), <c>Thread.Sleep</c> (ASYNC102's) or a blocking primitive (ASYNC103's). Zero-timeout
    /// polls do not block. Used where a rule needs the fact rather than the finding (ASYNC105's summaries).
    /// </summary>
    internal static class BlockingOperations
    {
        /// <summary>A name pre-filter: only members with these names can block (see <see cref="Blocks"/>).</summary>
        public static bool MayBlockByName(string name)
        {
            switch (name)
            {
                case "Wait":
                case "GetResult":
                case "WaitAll":
                case "WaitAny":
                case "Sleep":
                case "Join":
                case "WaitOne":
                case "SignalAndWait":
                case "SpinUntil":
                    return true;
                default:
                    return false;
            }
        }

        public static bool Blocks(IOperation operation, CompilationContext context)
        {
            var types = context.Types;
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } instance } reference
                    when instance is not IInstanceReferenceOperation
                         && (types.IsGenericTask(reference.Property.ContainingType) || types.IsValueTask(reference.Property.ContainingType)):
                    return !TaskCompletion.IsProvablyComplete(instance, reference, types);
                case IInvocationOperation invocation:
                    return InvocationBlocks(invocation, context);
                default:
                    return false;
            }
        }

        private static bool InvocationBlocks(IInvocationOperation invocation, CompilationContext context)
        {
            var types = context.Types;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Wait" when invocation.Instance != null && types.IsTask(method.ContainingType):
                    return !IsPoll(invocation, 0) && !TaskCompletion.IsProvablyComplete(invocation.Instance, invocation, types);
                case "GetResult" when invocation.Instance != null && types.IsTaskAwaiter(method.ContainingType):
                    var task = invocation.Instance.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited }
                        ? awaited
                        : invocation.Instance;
                    return !TaskCompletion.IsProvablyComplete(task, invocation, types);
                case "WaitAll" or "WaitAny" when invocation.Instance is null && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task):
                    return !IsPoll(invocation, 1);
                case "Sleep" when SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Thread):
                    return !IsPoll(invocation, 0);
            }

            var primitive = context.Blocking.FindPrimitive(method);
            return primitive != null && !IsPoll(invocation, primitive.TimeoutArgumentIndex);
        }

        /// <summary>The argument at <paramref name="index"/> is a timeout parameter given a constant zero.</summary>
        private static bool IsPoll(IInvocationOperation invocation, int index)
        {
            if (index < 0 || index >= invocation.Arguments.Length)
            {
                return false;
            }

            var argument = invocation.Arguments[index];
            var type = argument.Parameter?.Type;
            var isTimeout = type != null
                && (type.SpecialType == SpecialType.System_Int32 || type.SpecialType == SpecialType.System_Int64 || type.Name == "TimeSpan");
            return isTimeout && argument.Value.IsZeroTimeout();
        }
    }
}
