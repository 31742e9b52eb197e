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

            var root = operation;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            IOperation? initializer = null;
            foreach (var descendant in root.Descendants())
            {
                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        initializer = declarator.Initializer?.Value;
                        break;
                    case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target
                                                              && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                        return operation;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument
                        when argument.Value is ILocalReferenceOperation passed && SymbolEqualityComparer.Default.Equals(passed.Local, reference.Local):
                        return operation;
                }
            }

            return initializer.WalkDownConversions() ?? operation;
        }
    }
}
