using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>The syntax the make-async cascade writes: renamed calls, awaited or explicitly blocking; new signatures.</summary>
    internal static class CascadeSyntax
    {
        public const string TokenName = "cancellationToken";

        /// <summary>
        /// The call whose target is the name <paramref name="name"/> (<c>Load()</c>, <c>x.Load()</c>, <c>base.Load()</c>),
        /// or null; <paramref name="conditional"/> tells a <c>x?.Load()</c> call (which cannot simply be awaited).
        /// </summary>
        public static InvocationExpressionSyntax? InvocationOf(SyntaxNode name, out bool conditional)
        {
            conditional = false;
            var expression = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                expression = access;
            }
            else if (name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
            {
                expression = binding;
                conditional = true;
            }

            return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression ? invocation : null;
        }

        public static bool IsInNameOf(SyntaxNode node)
            => node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

        /// <summary><paramref name="call"/> with its method name changed to <paramref name="newName"/>.</summary>
        public static InvocationExpressionSyntax Renamed(InvocationExpressionSyntax call, string newName)
        {
            var name = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            return name is null ? call : call.ReplaceToken(name.Identifier, RenamedToken(name.Identifier, newName));
        }

        public static SyntaxToken RenamedToken(SyntaxToken identifier, string newName)
            => Identifier(identifier.LeadingTrivia, newName, identifier.TrailingTrivia);

        /// <summary><c>call.GetAwaiter().GetResult()</c>: blocking, explicitly, where the cascade must stop.</summary>
        public static ExpressionSyntax Blocking(ExpressionSyntax call)
        {
            var getAwaiter = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.Parenthesize(call.WithoutTrivia()), IdentifierName("GetAwaiter")));
            return InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, getAwaiter, IdentifierName("GetResult")))
                .WithTriviaFrom(call);
        }

        /// <summary><c>Task</c> for void, <c>Task&lt;T&gt;</c> for T (the user's spelling of T), reduced and imported by the simplifier.</summary>
        public static TypeSyntax TaskOf(TypeSyntax returnType)
        {
            var type = returnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword)
                ? ParseTypeName("global::System.Threading.Tasks.Task")
                : ParseTypeName("global::System.Threading.Tasks.Task<" + returnType.WithoutTrivia().ToString() + ">");
            return type.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation).WithTriviaFrom(returnType);
        }

        /// <summary>
        /// <c>CancellationToken cancellationToken = default</c>. Its type is written in full and left alone by the
        /// simplifier until the parameter is known to stay (<see cref="ImportedTokenType"/>): a dropped parameter must
        /// not leave its using behind.
        /// </summary>
        public static ParameterSyntax TokenParameter()
            => Parameter(Identifier(TokenName))
                .WithType(ParseTypeName("global::System.Threading.CancellationToken").WithTrailingTrivia(Space))
                .WithDefault(EqualsValueClause(LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword))).WithEqualsToken(Token(SyntaxKind.EqualsToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space)));

        /// <summary>The token parameter's type, to be shortened (with its using) once the parameter stays.</summary>
        public static TypeSyntax ImportedTokenType(TypeSyntax type)
            => ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation).WithTriviaFrom(type);

        /// <summary>Appends a parameter after the others (", " before it when there are any).</summary>
        public static ParameterListSyntax Append(ParameterListSyntax list, ParameterSyntax parameter)
        {
            var parameters = list.Parameters;
            if (parameters.Count == 0)
            {
                return list.WithParameters(SingletonSeparatedList(parameter));
            }

            var nodes = parameters.GetWithSeparators().ToList();
            nodes.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
            nodes.Add(parameter);
            return list.WithParameters(SeparatedList<ParameterSyntax>(nodes));
        }

        /// <summary>Appends an argument after the others.</summary>
        public static ArgumentListSyntax Append(ArgumentListSyntax list, ArgumentSyntax argument)
        {
            var arguments = list.Arguments;
            if (arguments.Count == 0)
            {
                return list.WithArguments(SingletonSeparatedList(argument));
            }

            var nodes = arguments.GetWithSeparators().ToList();
            nodes.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
            nodes.Add(argument);
            return list.WithArguments(SeparatedList<ArgumentSyntax>(nodes));
        }

        /// <summary>The token argument: by position, or by name when the call skips optional parameters or names its arguments.</summary>
        public static ArgumentSyntax TokenArgument(string token, string? parameterName)
        {
            var argument = Argument(ParseExpression(token));
            return parameterName is null ? argument : argument.WithNameColon(NameColon(IdentifierName(parameterName)));
        }
    }
}
