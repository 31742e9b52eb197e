using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// The buffered writer's overflow flush: <c>if (WriteSpaceLeft &lt; len) Flush(async: false)…</c>, <c>if (_pos &gt;=
    /// _buffer.Length) FlushBuffer();</c>. A message is written into a buffer, and the writer flushes only when the next
    /// write does not fit; the I/O that sends the message is the explicit flush that follows, which the caller awaits
    /// (Npgsql's frontend messages: <c>WriteQuery</c>, <c>WriteSslRequest</c>, <c>WritePregenerated</c>). Blocking there
    /// is amortized over many writes and is not what "blocks on every call" means; ASYNC105 does not count it
    /// (docs/rules/ASYNC105.md). An unconditional flush, or one under any other condition (<c>if (autoFlush)</c>), counts.
    /// </summary>
    internal static class BufferedWrites
    {
        /// <summary>
        /// <paramref name="operation"/> calls a member named <c>Flush…</c> only where a size comparison (<c>&lt;</c>,
        /// <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>) decided it, within its function.
        /// </summary>
        public static bool FlushesOnlyWhenFull(IOperation operation)
        {
            if (operation is not IInvocationOperation invocation
                || !invocation.TargetMethod.Name.StartsWith("Flush", System.StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var (condition, _) in PathConditions.Enclosing(operation))
            {
                if (IsSizeComparison(condition))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSizeComparison(IOperation condition)
            => condition.WalkDownConversions() is IBinaryOperation
            {
                OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                    or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual,
            };
    }
}
