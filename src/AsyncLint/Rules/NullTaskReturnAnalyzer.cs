using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC305: a non-async method, property, local function or lambda returning Task/Task&lt;T&gt; that returns
    /// <c>null</c>, <c>default</c> or a conditional call <c>x?.FooAsync()</c> (also as a branch of <c>?:</c> or a switch
    /// expression arm). <c>default(ValueTask)</c> is a completed task and is not reported, nor is a <c>Task?</c> return
    /// type: there null is part of the declared contract.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NullTaskReturnAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NullTaskReturn);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.TryGet(start.Compilation);
                if (shared is null)
                {
                    return;
                }

                var types = shared.Types;

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Return);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var ret = (IReturnOperation)context.Operation;
            if (ret.ReturnedValue is null || ret.Kind != OperationKind.Return)
            {
                return;
            }

            var leaves = new List<IOperation>();
            CollectNullLeaves(ret.ReturnedValue, leaves);
            if (leaves.Count == 0
                || FollowsAThrowHelper(ret)
                || !AsyncContext.TryGetEnclosingFunction(ret, context.ContainingSymbol, types, out var function)
                || function.IsAsync
                || function.Symbol.ReturnsByRef
                || function.Symbol.ReturnNullableAnnotation == NullableAnnotation.Annotated
                || !types.IsTask(function.Symbol.ReturnType)
                || function.FunctionOperation is IAnonymousFunctionOperation { Parent: not IDelegateCreationOperation })
            {
                return;
            }

            var returnType = (INamedTypeSymbol)function.Symbol.ReturnType;
            var resultType = types.IsGenericTask(returnType) ? ResultTypeOf(returnType, types) : null;
            string? resultText = null;
            var suppress = false;
            if (resultType != null)
            {
                resultText = ret.SemanticModel is { } model
                    ? resultType.ToMinimalDisplayString(model, ret.Syntax.SpanStart, DisplayFormat)
                    : resultType.ToDisplayString(DisplayFormat);
                suppress = resultType.IsReferenceType && resultType.NullableAnnotation == NullableAnnotation.NotAnnotated;
            }

            var replacement = resultText is null ? "Task.CompletedTask" : "Task.FromResult<" + resultText + ">(default" + (suppress ? "!" : string.Empty) + ")";
            foreach (var leaf in leaves)
            {
                var coalesce = leaf is IConditionalAccessOperation;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.NullTaskReturn,
                    leaf.Syntax.GetLocation(),
                    additionalLocations: null,
                    properties: new NullTaskReturnFix(coalesce, resultText, suppress).ToProperties(),
                    leaf is IConditionalAccessOperation access ? NullWhen(access) : "'" + DisplayText.Of(leaf.Syntax) + "' is returned as a task",
                    function.Describe(),
                    coalesce ? "add '?? " + replacement + "' after it" : "return '" + replacement + "' instead"));
            }
        }

        /// <summary>"'_store?.FlushAsync(...)' is null when '_store' is null, and is returned as a task".</summary>
        private static string NullWhen(IConditionalAccessOperation access)
        {
            var receiver = DisplayText.Of(access.Operation.Syntax);
            var call = access.WhenNotNull is IInvocationOperation { Syntax: InvocationExpressionSyntax invocation }
                ? DisplayText.Of(invocation.Expression) + (invocation.ArgumentList.Arguments.Count == 0 ? "()" : "(...)")
                : DisplayText.Of(access.WhenNotNull.Syntax);
            return "'" + receiver + "?" + call + "' is null when '" + receiver + "' is null, and is returned as a task";
        }

        private static readonly SymbolDisplayFormat DisplayFormat =
            SymbolDisplayFormat.MinimallyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>The T of Task&lt;T&gt; (or of the Task&lt;T&gt; a derived type extends).</summary>
        private static ITypeSymbol? ResultTypeOf(INamedTypeSymbol type, KnownTypes types)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, types.TaskOfT))
                {
                    return t.TypeArguments[0];
                }
            }

            return null;
        }

        /// <summary>
        /// The parts of a returned expression that can be null: the literal, <c>default</c>, <c>x?.M()</c> (unless x is a member
        /// that is never null), through <c>?:</c> and switch arms.
        /// </summary>
        /// <summary><c>ThrowHelper.NotSupportedException(); return default!;</c>: the return only satisfies the compiler.</summary>
        private static bool FollowsAThrowHelper(IReturnOperation ret)
        {
            var statements = ret.Parent switch
            {
                IBlockOperation block => block.Operations,
                ISwitchCaseOperation section => section.Body,
                _ => ImmutableArray<IOperation>.Empty,
            };
            var index = statements.IndexOf(ret);
            return index > 0
                && statements[index - 1] is IExpressionStatementOperation { Operation: IInvocationOperation { IsVirtual: false } call }
                && FunctionBodies.AlwaysThrows(call.TargetMethod.OriginalDefinition);
        }

        private static void CollectNullLeaves(IOperation value, List<IOperation> leaves)
        {
            var bare = value.WalkDownConversions();
            switch (bare)
            {
                case ILiteralOperation literal when literal.ConstantValue is { HasValue: true, Value: null }:
                case IDefaultValueOperation:
                    leaves.Add(bare);
                    break;
                case IConditionalAccessOperation access when !NeverNullMembers.IsNeverNull(access.Operation):
                    leaves.Add(bare);
                    break;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    CollectNullLeaves(conditional.WhenTrue, leaves);
                    CollectNullLeaves(whenFalse, leaves);
                    break;
                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        CollectNullLeaves(arm.Value, leaves);
                    }

                    break;
            }
        }
    }
}
