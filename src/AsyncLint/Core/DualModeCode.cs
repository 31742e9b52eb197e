using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>Which calls of dual-mode code run an operation: only the synchronous ones, only the asynchronous ones, or both.</summary>
    internal enum DualPath
    {
        Both,
        Synchronous,
        Asynchronous,
    }

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

        /// <summary>
        /// <paramref name="invocation"/> passes a constant <c>false</c> to an async flag (<c>ExecuteNonQuery(async: false)</c>,
        /// <c>Flush(false)</c>): dual-mode code asked for its synchronous path, whose task completes before it is returned.
        /// </summary>
        public static bool PassesSynchronousFlag(IInvocationOperation invocation) => SynchronousFlagArgument(invocation) != null;

        /// <summary>The argument that passes a constant <c>false</c> to an async flag, or null.</summary>
        public static IArgumentOperation? SynchronousFlagArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_Boolean } parameter
                    && IsAsyncFlagName(parameter.Name)
                    && argument.Value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: false })
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// What a call tells dual-mode code: null when the callee has no async flag; false for <c>Foo(async: false)</c>;
        /// true for <c>Foo(async: true)</c>; and <paramref name="forwarded"/> when the caller passes its own flag on
        /// (<c>Foo(async)</c>), so the callee runs in the caller's mode.
        /// </summary>
        public static bool? FlagArgument(IInvocationOperation invocation, out bool forwarded)
        {
            forwarded = false;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { Type.SpecialType: SpecialType.System_Boolean } parameter || !IsAsyncFlagName(parameter.Name))
                {
                    continue;
                }

                var value = argument.Value.WalkDownConversions();
                if (value?.ConstantValue is { HasValue: true, Value: bool constant })
                {
                    return constant;
                }

                forwarded = value != null && FlagValue(value) == true;
                return null;
            }

            return null;
        }

        /// <summary>The async flag parameter of <paramref name="method"/> (<c>bool async</c>), or null.</summary>
        public static IParameterSymbol? AsyncFlagParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_Boolean && IsAsyncFlagName(parameter.Name))
                {
                    return parameter;
                }
            }

            return null;
        }

        /// <summary>
        /// The dual-mode overload that serves as <paramref name="method"/>'s async counterpart: a method of the same name
        /// on the same type with a <c>bool async</c> flag, returning a task, whose other parameters are the synchronous
        /// method's (plus, optionally, a CancellationToken) — Npgsql's <c>ExecuteNonQuery(bool async, CancellationToken)</c>
        /// beside <c>ExecuteNonQuery()</c>. Null when there is none.
        /// </summary>
        public static IMethodSymbol? AsyncOverload(IMethodSymbol method, KnownTypes types)
        {
            if (method.ContainingType is null || AsyncFlagParameter(method) != null)
            {
                return null;
            }

            foreach (var member in method.ContainingType.GetMembers(method.Name))
            {
                if (member is not IMethodSymbol candidate
                    || candidate.IsStatic != method.IsStatic
                    || !types.IsTaskLike(candidate.ReturnType)
                    || AsyncFlagParameter(candidate) is not { } flag
                    || types.IsObsolete(candidate))
                {
                    continue;
                }

                var index = 0;
                var matches = true;
                foreach (var parameter in candidate.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter, flag) || (types.IsCancellationToken(parameter.Type) && index == method.Parameters.Length))
                    {
                        continue;
                    }

                    if (index >= method.Parameters.Length || !SymbolEqualityComparer.Default.Equals(parameter.Type, method.Parameters[index].Type))
                    {
                        matches = false;
                        break;
                    }

                    index++;
                }

                if (matches && index == method.Parameters.Length)
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>
        /// Which path of dual-mode code <paramref name="operation"/> runs on, judged precisely: inside the branch an
        /// <c>if (async)</c>/<c>async ? … : …</c> (or <c>!async</c>) takes for one value of the flag, or after an
        /// <c>if (async) { …; return; }</c>. <see cref="DualPath.Both"/> when it runs whatever the flag says (or the
        /// function has no flag).
        /// </summary>
        public static DualPath PathOf(IOperation operation) => PathOf(operation, flag: null);

        /// <summary>
        /// Like <see cref="PathOf(IOperation)"/> for one bool parameter of any name (<c>Dispose(bool disposing)</c>):
        /// <see cref="DualPath.Asynchronous"/> means "only when it is true", <see cref="DualPath.Synchronous"/> "only
        /// when it is false".
        /// </summary>
        public static DualPath PathOf(IOperation operation, IParameterSymbol? flag)
        {
            foreach (var (condition, holds) in PathConditions.Enclosing(operation))
            {
                if (FlagValue(condition, flag) is { } trueWhenSet)
                {
                    // The condition has the value `holds` here, and `trueWhenSet` when the flag is set.
                    return holds == trueWhenSet ? DualPath.Asynchronous : DualPath.Synchronous;
                }
            }

            return DualPath.Both;
        }

        /// <summary>
        /// <c>async</c> → true (the condition holds on the async path), <c>!async</c> → false; null for anything else. With
        /// <paramref name="flag"/>, a read of that parameter instead of any async flag.
        /// </summary>
        private static bool? FlagValue(IOperation condition, IParameterSymbol? flag = null)
        {
            condition = condition.WalkDownConversions()!;
            if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                return FlagValue(not.Operand, flag) is { } value ? !value : null;
            }

            var isRead = flag is null
                ? IsFlagRead(condition)
                : condition is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, flag);
            return isRead ? true : null;
        }

        private static bool ReadsAsyncFlag(IOperation condition)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                if (IsFlagRead(operation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A read of a bool parameter, local, field or property named like an async flag.</summary>
        private static bool IsFlagRead(IOperation operation)
        {
            var symbol = operation switch
            {
                IParameterReferenceOperation parameter => parameter.Parameter,
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                _ => null,
            };
            return symbol != null && operation.Type?.SpecialType == SpecialType.System_Boolean && IsAsyncFlagName(symbol.Name);
        }

        private static bool IsAsyncFlagName(string name) => name.IndexOf("async", StringComparison.OrdinalIgnoreCase) >= 0;

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
