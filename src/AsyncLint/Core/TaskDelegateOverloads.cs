using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>The overload an async lambda given to a void delegate should have gone to, and how the call reads then.</summary>
    internal sealed class TaskDelegateOverload
    {
        public TaskDelegateOverload(IMethodSymbol method, string? tokenParameter)
        {
            Method = method;
            TokenParameter = tokenParameter;
        }

        /// <summary>The overload (<c>Name</c> or <c>NameAsync</c>) whose delegate returns a task.</summary>
        public IMethodSymbol Method { get; }

        /// <summary>The name of the CancellationToken parameter the lambda gains, when that delegate takes one.</summary>
        public string? TokenParameter { get; }

        /// <summary>The call returns a task, which the rewritten call awaits.</summary>
        public bool ReturnsTask => !Method.ReturnsVoid;
    }

    /// <summary>
    /// ASYNC302's overload question: <c>Register(async x =&gt; …)</c> binds to <c>Register(Action&lt;T&gt;)</c>, and the type
    /// also declares <c>Register(Func&lt;T, Task&gt;)</c>-like overloads that the lambda did not bind to as written — the
    /// same name or <c>NameAsync</c>, the same other parameters, a delegate that takes the same parameters (plus, maybe, a
    /// trailing CancellationToken) and returns <c>Task</c> or <c>ValueTask</c>, the method itself returning nothing or a
    /// task. The answer is checked by binding the rewritten call (<see cref="Rewrite"/>) where it stands, so the analyzer's
    /// promise and the fixer's rewrite are one.
    /// </summary>
    internal static class TaskDelegateOverloads
    {
        public static TaskDelegateOverload? Find(IInvocationOperation invocation, IArgumentOperation argument, IAnonymousFunctionOperation lambda, string? tokenName, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (invocation.SemanticModel is not { } model
                || invocation.Syntax is not InvocationExpressionSyntax syntax
                || argument.Syntax is not ArgumentSyntax argumentSyntax
                || argument.Parameter is not { } parameter
                || !method.ReturnsVoid
                || method.IsGenericMethod
                || parameter.Type is not INamedTypeSymbol { DelegateInvokeMethod: { ReturnsVoid: true } invoke })
            {
                return null;
            }

            foreach (var name in new[] { method.Name, method.Name + "Async" })
            {
                foreach (var candidate in method.ContainingType.GetMembers(name).OfType<IMethodSymbol>())
                {
                    if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method.OriginalDefinition)
                        || candidate.IsStatic != method.IsStatic
                        || candidate.IsGenericMethod
                        || candidate.Parameters.Length != method.Parameters.Length
                        || !(candidate.ReturnsVoid || IsPlainTask(candidate.ReturnType, types))
                        || !model.IsAccessible(syntax.SpanStart, candidate)
                        || candidate.Parameters[parameter.Ordinal].Type is not INamedTypeSymbol { DelegateInvokeMethod: { } asyncInvoke }
                        || !IsPlainTask(asyncInvoke.ReturnType, types)
                        || !SameOtherParameters(method, candidate, parameter.Ordinal)
                        || DelegateShape(invoke, asyncInvoke, types) is not { } addsToken
                        || (addsToken && (tokenName is null || lambda.Syntax is AnonymousMethodExpressionSyntax { ParameterList: null })))
                    {
                        continue;
                    }

                    var token = addsToken ? tokenName : null;
                    if (Rewrite(syntax, argumentSyntax, candidate.Name, token) is { } rewritten
                        && model.GetSpeculativeSymbolInfo(syntax.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol bound
                        && SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, candidate.OriginalDefinition))
                    {
                        return new TaskDelegateOverload(candidate, token);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// <c>x.Name(…, async a =&gt; …)</c> → <c>x.NewName(…, async (a, ct) =&gt; …)</c>: the name changed where it is new, the
        /// lambda given <paramref name="tokenParameter"/> where the delegate takes a token (typed <paramref name="tokenType"/>
        /// where it needs a type: the fixer's is shortened by the simplifier). Null for a shape it cannot write.
        /// </summary>
        public static InvocationExpressionSyntax? Rewrite(InvocationExpressionSyntax invocation, ArgumentSyntax argument, string newName, string? tokenParameter, TypeSyntax? tokenType = null)
        {
            if (argument.Expression is not AnonymousFunctionExpressionSyntax lambda)
            {
                return null;
            }

            ExpressionSyntax expression = invocation.Expression;
            if (SimpleName(expression) is { } name && name.Identifier.ValueText != newName)
            {
                expression = expression.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier)));
            }
            else if (SimpleName(expression) is null)
            {
                return null;
            }

            var newLambda = tokenParameter is null ? lambda : WithParameter(lambda, tokenParameter, tokenType ?? SyntaxFactory.ParseTypeName("System.Threading.CancellationToken"));
            if (newLambda is null)
            {
                return null;
            }

            var index = invocation.ArgumentList.Arguments.IndexOf(argument);
            var arguments = invocation.ArgumentList.Arguments.Replace(invocation.ArgumentList.Arguments[index], argument.WithExpression(newLambda));
            return invocation.WithExpression(expression).WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
        }

        private static SimpleNameSyntax? SimpleName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };

        /// <summary>
        /// <c>async x =&gt; …</c> → <c>async (x, ct) =&gt; …</c>: the lambda given a last parameter, typed
        /// <paramref name="tokenType"/> where the others are typed (an anonymous method's always are). Null for a shape it cannot write.
        /// </summary>
        public static AnonymousFunctionExpressionSyntax? WithParameter(AnonymousFunctionExpressionSyntax lambda, string name, TypeSyntax tokenType)
        {
            switch (lambda)
            {
                case SimpleLambdaExpressionSyntax simple when simple.Parameter.Type is null:
                    var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { simple.Parameter.WithoutTrivia(), SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)) }));
                    return SyntaxFactory.ParenthesizedLambdaExpression(simple.AsyncKeyword, parameters, simple.ArrowToken, simple.Block, simple.ExpressionBody).WithTriviaFrom(simple);
                case ParenthesizedLambdaExpressionSyntax parenthesized:
                    var typed = parenthesized.ParameterList.Parameters.Any(p => p.Type != null);
                    var added = typed ? SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)).WithType(tokenType) : SyntaxFactory.Parameter(SyntaxFactory.Identifier(name));
                    return parenthesized.WithParameterList(parenthesized.ParameterList.AddParameters(added));
                case AnonymousMethodExpressionSyntax { ParameterList: { } list } method:
                    return method.WithParameterList(list.AddParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)).WithType(tokenType)));
                default:
                    return null;
            }
        }

        /// <summary>Task or ValueTask (not of T: the lambda returns nothing).</summary>
        private static bool IsPlainTask(ITypeSymbol type, KnownTypes types)
            => type is INamedTypeSymbol { IsGenericType: false } && types.IsTaskOrValueTask(type);

        private static bool SameOtherParameters(IMethodSymbol method, IMethodSymbol candidate, int except)
        {
            for (var i = 0; i < method.Parameters.Length; i++)
            {
                if (i != except
                    && (!SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, candidate.Parameters[i].Type)
                        || method.Parameters[i].RefKind != candidate.Parameters[i].RefKind))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>False: the same parameters; true: plus a trailing CancellationToken; null: another shape.</summary>
        private static bool? DelegateShape(IMethodSymbol invoke, IMethodSymbol asyncInvoke, KnownTypes types)
        {
            var extra = asyncInvoke.Parameters.Length - invoke.Parameters.Length;
            if (extra < 0 || extra > 1 || (extra == 1 && !types.IsCancellationToken(asyncInvoke.Parameters[asyncInvoke.Parameters.Length - 1].Type)))
            {
                return null;
            }

            for (var i = 0; i < invoke.Parameters.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(invoke.Parameters[i].Type, asyncInvoke.Parameters[i].Type) || asyncInvoke.Parameters[i].RefKind != RefKind.None)
                {
                    return null;
                }
            }

            return extra == 1;
        }
    }
}
