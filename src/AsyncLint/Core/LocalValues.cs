using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>What a local variable holds, when its declaration tells and nothing reassigns it.</summary>
    internal static class LocalValues
    {
        /// <summary>
        /// The initializer of <paramref name="operation"/> when it reads a local that is never assigned after its
        /// declaration (so <c>Stream s = new MemoryStream();</c> is known to be a MemoryStream); otherwise the
        /// operation itself, without conversions.
        /// </summary>
        public static IOperation? KnownValue(IOperation? operation)
        {
            operation = operation.WalkDownConversions();
            if (operation is not ILocalReferenceOperation reference)
            {
                return operation;
            }

            var values = PossibleValues(reference);
            return values != null && values.Count == 1 && values[0] is { } only ? only : operation;
        }

        /// <summary>
        /// Every value the local read by <paramref name="reference"/> may hold: its initializer and each value assigned
        /// to it, without conversions (a declaration without initializer adds nothing). Null when it cannot be told: the
        /// local is passed by <c>ref</c>/<c>out</c>, assigned by a compound or deconstructing assignment, or declared
        /// where no initializer is visible (a <c>foreach</c> or pattern variable).
        /// </summary>
        public static IReadOnlyList<IOperation>? PossibleValues(ILocalReferenceOperation reference)
        {
            var root = reference.RootOperation();

            var values = new List<IOperation>();
            var declared = false;
            foreach (var descendant in root.Descendants())
            {
                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        declared = true;
                        if (declarator.Initializer?.Value.WalkDownConversions() is { } initial)
                        {
                            values.Add(initial);
                        }

                        break;
                    case ISimpleAssignmentOperation assignment when IsLocal(assignment.Target, reference.Local):
                        if (assignment.Value.WalkDownConversions() is { } assigned)
                        {
                            values.Add(assigned);
                        }

                        break;
                    case ICompoundAssignmentOperation compound when IsLocal(compound.Target, reference.Local):
                        return null;
                    case ICoalesceAssignmentOperation coalesce when IsLocal(coalesce.Target, reference.Local):
                        return null;
                    case IDeconstructionAssignmentOperation deconstruction when deconstruction.Target.Descendants().Any(d => IsLocal(d, reference.Local)):
                        return null;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when IsLocal(argument.Value, reference.Local):
                        return null;
                    case IDeclarationExpressionOperation declaration when IsLocal(declaration.Expression, reference.Local)
                                                                         || declaration.Expression.Descendants().Any(d => IsLocal(d, reference.Local)):
                        return null; // out var x, var (x, y) = …
                }
            }

            return declared && values.Count > 0 ? values : null;
        }

        /// <summary>
        /// The value an expression hands over once awaited: <c>await x.ConfigureAwait(false)</c> and <c>await x</c> both
        /// give the call <c>x</c> (so <c>await content.ReadAsStreamAsync()</c> is read from its creation site); any other
        /// operation is returned as it is, without conversions.
        /// </summary>
        public static IOperation? Unawaited(IOperation? operation)
        {
            operation = operation.WalkDownConversions();
            if (operation is not IAwaitOperation awaited)
            {
                return operation;
            }

            var task = awaited.Operation.WalkDownConversions();
            if (task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                task = configured.WalkDownConversions();
            }

            return task;
        }

        private static bool IsLocal(IOperation? operation, ILocalSymbol local)
            => operation.WalkDownConversions() is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local);
    }
}
