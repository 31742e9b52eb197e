using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>What the code tested on the way to an operation, within its function.</summary>
    internal static class PathConditions
    {
        /// <summary>
        /// Each condition known on the path to <paramref name="operation"/>, innermost first, with the value it has there:
        /// the condition of an enclosing <c>if</c> or <c>?:</c> whose branch holds the operation (true in the first
        /// branch, false in the other), and the condition of an earlier <c>if (c) { …; return; }</c> without <c>else</c>
        /// in an enclosing block (false: the code goes on only when it did not hold). Stops at the enclosing lambda or
        /// local function.
        /// </summary>
        public static IEnumerable<(IOperation Condition, bool Holds)> Enclosing(IOperation operation)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when child != conditional.Condition:
                        yield return (conditional.Condition, child == conditional.WhenTrue);
                        break;
                    case IBlockOperation block:
                        var index = block.Operations.IndexOf(child);
                        for (var i = 0; i < index; i++)
                        {
                            if (block.Operations[i] is IConditionalOperation { WhenFalse: null } earlier && TaskCompletion.AlwaysExits(earlier.WhenTrue))
                            {
                                yield return (earlier.Condition, false);
                            }
                        }

                        break;
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        yield break;
                }
            }
        }
    }
}
