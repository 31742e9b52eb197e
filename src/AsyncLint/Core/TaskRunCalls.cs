using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>Recognizes <c>Task.Run</c> / <c>Task.Factory.StartNew</c> calls, their delegates and what happens to their task.</summary>
    internal static class TaskRunCalls
    {
        /// <summary><c>Task.Run(...)</c> (any overload).</summary>
        public static bool IsTaskRun(IInvocationOperation invocation, KnownTypes types)
            => invocation.TargetMethod.Name == "Run"
               && invocation.Instance is null
               && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.Task);

        /// <summary><c>TaskFactory.StartNew(...)</c> or <c>TaskFactory&lt;T&gt;.StartNew(...)</c>.</summary>
        public static bool IsStartNew(IInvocationOperation invocation, KnownTypes types)
        {
            if (invocation.TargetMethod.Name != "StartNew")
            {
                return false;
            }

            var type = invocation.TargetMethod.ContainingType?.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(type, types.TaskFactory) || SymbolEqualityComparer.Default.Equals(type, types.TaskFactoryOfT);
        }

        /// <summary>The delegate argument (the first parameter of delegate type): a lambda, anonymous method or method group.</summary>
        public static IOperation? DelegateTarget(IInvocationOperation invocation, out IArgumentOperation? argument)
        {
            foreach (var candidate in invocation.Arguments)
            {
                if (candidate.Parameter?.Type.TypeKind == TypeKind.Delegate)
                {
                    argument = candidate;
                    return candidate.Value.WalkDownConversions() is IDelegateCreationOperation creation ? creation.Target : null;
                }
            }

            argument = null;
            return null;
        }

        /// <summary>The CancellationToken argument given to the call, if any (not a default value filled in by the compiler).</summary>
        public static IArgumentOperation? TokenArgument(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && types.IsCancellationToken(argument.Parameter?.Type))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the task <paramref name="task"/> produces is awaited at once (<c>await Task.Run(...)</c>, also with
        /// <c>.ConfigureAwait(...)</c>) or returned as it is (<c>return Task.Run(...)</c>, <c>=&gt; Task.Run(...)</c>).
        /// </summary>
        public static bool IsAwaitedOrReturnedAtOnce(IOperation task, out IOperation? consumer)
        {
            var parent = task.WalkUpConversions(out _);
            if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance != null)
            {
                parent = configure.WalkUpConversions(out _);
                consumer = parent as IAwaitOperation;
                return consumer != null;
            }

            consumer = parent switch
            {
                IAwaitOperation => parent,
                IReturnOperation { Kind: OperationKind.Return } returned when !IsFanOutProjection(returned) => parent,
                _ => null,
            };
            return consumer != null;
        }

        /// <summary>
        /// <c>Enumerable.Range(0, n).Select(_ =&gt; Task.Run(LoopAsync))</c>: the lambda's task is one of several started
        /// together (then awaited with <c>WhenAll</c>), and <c>Task.Run</c> is what runs their synchronous parts in parallel.
        /// </summary>
        private static bool IsFanOutProjection(IReturnOperation returned)
        {
            return returned.Parent is IBlockOperation { Parent: IAnonymousFunctionOperation lambda }
                && lambda.InvocationTaking() is { TargetMethod.Name: "Select" or "ConvertAll" };
        }

        /// <summary>
        /// The statements of a delegate body that matter: a lambda's block without the compiler's implicit trailing
        /// <c>return;</c>. Returns the single remaining statement's value (<c>return X;</c>, <c>X;</c>, or the expression
        /// body), or null when there are several statements.
        /// </summary>
        public static IOperation? SingleExpression(IAnonymousFunctionOperation lambda)
        {
            IOperation? single = null;
            foreach (var statement in lambda.Body.Operations)
            {
                if (statement is IReturnOperation { ReturnedValue: null, IsImplicit: true })
                {
                    continue;
                }

                if (single != null)
                {
                    return null;
                }

                single = statement switch
                {
                    IReturnOperation { ReturnedValue: { } value } => value,
                    IExpressionStatementOperation expression => expression.Operation,
                    _ => null,
                };
                if (single is null)
                {
                    return null;
                }
            }

            return single;
        }

        /// <summary>
        /// Evaluating the operation does no work worth a thread: locals, parameters, fields, simple properties, constants,
        /// <c>this</c>, lambdas, arithmetic on those. A method call, an object creation or an await is work.
        /// </summary>
        public static bool IsCheap(IOperation? operation)
        {
            switch (operation)
            {
                case null:
                case ILiteralOperation:
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                case IInstanceReferenceOperation:
                case IDefaultValueOperation:
                case ITypeOfOperation:
                case INameOfOperation:
                case IDelegateCreationOperation:
                case IAnonymousFunctionOperation:
                    return true;
                case IFieldReferenceOperation field:
                    return IsCheap(field.Instance);
                case IPropertyReferenceOperation property:
                    return property.Arguments.IsEmpty && IsCheap(property.Instance);
                case IConversionOperation conversion:
                    return conversion.OperatorMethod is null && IsCheap(conversion.Operand);
                case IParenthesizedOperation parenthesized:
                    return IsCheap(parenthesized.Operand);
                case IArgumentOperation argument:
                    return IsCheap(argument.Value);
                case IBinaryOperation binary:
                    return binary.OperatorMethod is null && IsCheap(binary.LeftOperand) && IsCheap(binary.RightOperand);
                case IUnaryOperation unary:
                    return unary.OperatorMethod is null && IsCheap(unary.Operand);
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation hole && !(IsCheap(hole.Expression) && IsCheap(hole.Alignment) && IsCheap(hole.FormatString)))
                        {
                            return false;
                        }
                    }

                    return true;
                case IArrayCreationOperation array:
                    return AllCheap(array.DimensionSizes) && (array.Initializer is null || AllCheap(array.Initializer.ElementValues));
                default:
                    return false;
            }
        }

        /// <summary>A call whose receiver and arguments are all <see cref="IsCheap"/>: starting it does no work before the call itself.</summary>
        public static bool HasCheapOperands(IInvocationOperation invocation)
        {
            if (!IsCheap(invocation.Instance))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (!IsCheap(argument.Value))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AllCheap(System.Collections.Immutable.ImmutableArray<IOperation> operations)
        {
            foreach (var operation in operations)
            {
                if (!IsCheap(operation))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
