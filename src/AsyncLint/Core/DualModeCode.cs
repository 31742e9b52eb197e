using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Recognizes code written once for both a synchronous and an asynchronous caller (Npgsql, SqlClient and the BCL do
    /// this): <c>if (async) await s.ReadAsync(…); else s.Read(…);</c>, <c>async ? await … : s.Read(…)</c>, or
    /// <c>if (async) return s.FlushAsync(ct); s.Flush();</c>. The synchronous call there is on purpose.
    /// </summary>
    internal static class DualModeCode
    {
        /// <summary>
        /// <paramref name="call"/> runs only on the synchronous path: it sits in a branch whose condition reads an
        /// "async" flag, or whose other branch calls <paramref name="asyncName"/>, or after an <c>if (async) … return;</c>.
        /// </summary>
        public static bool IsSynchronousPath(IOperation call, string asyncName)
        {
            var child = call;
            for (var parent = call.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when child != conditional.Condition:
                        var other = child == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue;
                        if (ReadsAsyncFlag(conditional.Condition) || (other != null && Calls(other, asyncName)))
                        {
                            return true;
                        }

                        break;
                    case IBlockOperation block:
                        var index = block.Operations.IndexOf(child);
                        for (var i = 0; i < index; i++)
                        {
                            if (block.Operations[i] is IConditionalOperation { WhenFalse: null } earlier
                                && ReadsAsyncFlag(earlier.Condition)
                                && TaskCompletion.AlwaysExits(earlier.WhenTrue))
                            {
                                return true;
                            }
                        }

                        break;
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A bool parameter named like an "async" flag (<c>async</c>, <c>isAsync</c>, <c>useAsync</c>): the function serves both callers.</summary>
        public static bool HasAsyncFlagParameter(IMethodSymbol? method)
        {
            if (method is null)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_Boolean && IsAsyncFlagName(parameter.Name))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ReadsAsyncFlag(IOperation condition)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                var symbol = operation switch
                {
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation property => (ISymbol)property.Property,
                    _ => null,
                };
                if (symbol != null && operation.Type?.SpecialType == SpecialType.System_Boolean && IsAsyncFlagName(symbol.Name))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsAsyncFlagName(string name) => name.IndexOf("async", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool Calls(IOperation operation, string name)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IInvocationOperation invocation && invocation.TargetMethod.Name == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
