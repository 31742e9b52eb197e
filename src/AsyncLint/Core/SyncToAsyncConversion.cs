using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// Which synchronous members can become async without breaking a caller: an event handler stays <c>void</c> and
    /// only gains <c>async</c> (the event source never awaited it anyway); a void test method becomes <c>async Task</c>
    /// (every test framework awaits it). Anything else changes a signature that callers depend on.
    /// </summary>
    internal static class SyncToAsyncConversion
    {
        /// <summary><see cref="DiagnosticProperties.AsyncConversion"/> value: add <c>async</c>, keep <c>void</c>.</summary>
        public const string EventHandler = "EventHandler";

        /// <summary><see cref="DiagnosticProperties.AsyncConversion"/> value: <c>void</c> → <c>async Task</c>.</summary>
        public const string TestMethod = "TestMethod";

        private static readonly string[] TestAttributes =
        {
            "FactAttribute", "TheoryAttribute", "TestAttribute", "TestMethodAttribute", "DataTestMethodAttribute",
            "TestCaseAttribute", "TestCaseSourceAttribute", "SkippableFactAttribute", "SkippableTheoryAttribute",
        };

        /// <summary>The conversion that makes <paramref name="function"/> async safely, or null.</summary>
        public static string? For(EnclosingFunction function, KnownTypes types)
        {
            var method = function.Symbol;
            if (function.FunctionOperation != null
                || method.MethodKind != MethodKind.Ordinary
                || !method.ReturnsVoid
                || method.IsAsync)
            {
                return null;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None)
                {
                    return null;
                }
            }

            if (types.IsClassicEventHandler(method))
            {
                return EventHandler;
            }

            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass && System.Array.IndexOf(TestAttributes, attributeClass.Name) >= 0)
                {
                    return TestMethod;
                }
            }

            return null;
        }

        /// <summary>A <c>static Main</c> or the synthesized entry point of top-level statements.</summary>
        public static bool IsEntryPointLike(IMethodSymbol method)
            => method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$");

        /// <summary>"synchronous method 'Load'", "property 'Value'", "synchronous lambda"…: for messages.</summary>
        public static string Describe(EnclosingFunction function)
        {
            var method = function.Symbol;
            switch (method.MethodKind)
            {
                case MethodKind.AnonymousFunction:
                    return "synchronous lambda";
                case MethodKind.LocalFunction:
                    return "synchronous local function '" + method.Name + "'";
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                    return "property '" + method.AssociatedSymbol?.Name + "'";
                case MethodKind.Constructor:
                case MethodKind.StaticConstructor:
                    return "constructor of '" + method.ContainingType.Name + "'";
                default:
                    return "synchronous method '" + method.Name + "'";
            }
        }
    }
}
