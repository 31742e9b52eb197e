using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Calls whose constant <c>bool</c> arguments steer the callee away from every <c>await</c>, so that the task it
    /// returns is complete when the call returns: <c>GetCollectionsFolder(false).GetAwaiter().GetResult()</c> where
    /// <c>GetCollectionsFolder(bool createIfNeeded) => EnsureLibraryFolder(path, createIfNeeded)</c> and
    /// <c>EnsureLibraryFolder</c> only awaits after <c>if (!createIfNeeded) return null;</c> (Jellyfin). Dual-mode code
    /// with a flag named "async" is <see cref="DualModeCode"/>'s; this reads a parameter of any name, from the callee's
    /// syntax: an <c>if</c>/<c>?:</c> on the parameter (or its negation), or an earlier <c>if (…) return/throw</c>. A
    /// non-async callee counts when every return is a completed task or a call, in the same type, that forwards the
    /// constant on. Anything the syntax cannot show (an overridable callee, an assignment to the parameter, an overloaded
    /// forward target) counts as "may await".
    /// </summary>
    internal static class ConstantArgumentPaths
    {
        private const int MaxForwardingDepth = 3;

        public static bool CompletesSynchronously(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            Dictionary<string, bool>? constants = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_Boolean } parameter
                    && argument.ArgumentKind == ArgumentKind.Explicit
                    && argument.Value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: bool value })
                {
                    (constants ??= new Dictionary<string, bool>(StringComparer.Ordinal))[parameter.Name] = value;
                }
            }

            return constants != null && Completes(method.OriginalDefinition, constants, 0);
        }

        private static bool Completes(IMethodSymbol method, Dictionary<string, bool> constants, int depth)
        {
            if (method.IsAbstract || method.IsVirtual || method.IsExtern || (method.IsOverride && !method.IsSealed && !method.ContainingType.IsSealed)
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
            {
                return false;
            }

            var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null || AssignsAny(body, constants))
            {
                return false;
            }

            if (method.IsAsync)
            {
                return OwnNodes(body).All(node => !IsAwait(node) || IsExcluded(node, constants));
            }

            var returned = declaration.ExpressionBody is { } arrow
                ? new[] { arrow.Expression }
                : OwnNodes(body).OfType<ReturnStatementSyntax>().Where(r => !IsExcluded(r, constants)).Select(r => r.Expression).ToArray();
            return returned.Length > 0
                   && returned.All(value => value != null
                                            && (FunctionBodies.IsCompletedTaskSyntax(value, faultedToo: true)
                                                || (depth < MaxForwardingDepth && Forwards(method, value, constants, depth))));
        }

        /// <summary><c>return Other(…, flag, …)</c>: a call to the one method of that name in the type, passing the constants on.</summary>
        private static bool Forwards(IMethodSymbol method, ExpressionSyntax value, Dictionary<string, bool> constants, int depth)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            if (value is not InvocationExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } } call)
            {
                return false;
            }

            var name = call.Expression is IdentifierNameSyntax identifier ? identifier.Identifier.ValueText : ((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.ValueText;
            var candidates = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
            if (candidates.Length != 1 || candidates[0].IsGenericMethod || candidates[0].Parameters.Length < call.ArgumentList.Arguments.Count)
            {
                return false;
            }

            var target = candidates[0];
            var forwarded = new Dictionary<string, bool>(StringComparer.Ordinal);
            var arguments = call.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                var parameter = arguments[i].NameColon is { } named
                    ? target.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                    : target.Parameters[i];
                if (parameter?.Type.SpecialType != SpecialType.System_Boolean)
                {
                    continue;
                }

                switch (arguments[i].Expression)
                {
                    case IdentifierNameSyntax passed when constants.TryGetValue(passed.Identifier.ValueText, out var passedValue):
                        forwarded[parameter.Name] = passedValue;
                        break;
                    case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.TrueLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression):
                        forwarded[parameter.Name] = literal.IsKind(SyntaxKind.TrueLiteralExpression);
                        break;
                }
            }

            return forwarded.Count > 0 && Completes(target.OriginalDefinition, forwarded, depth + 1);
        }

        /// <summary>The body's nodes outside nested functions (their awaits and returns are theirs).</summary>
        private static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode body)
            => body.DescendantNodesAndSelf(n => n == body || (n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax));

        private static bool IsAwait(SyntaxNode node) => node switch
        {
            AwaitExpressionSyntax => true,
            CommonForEachStatementSyntax loop => loop.AwaitKeyword.RawKind != 0,
            UsingStatementSyntax statement => statement.AwaitKeyword.RawKind != 0,
            LocalDeclarationStatementSyntax local => local.AwaitKeyword.RawKind != 0,
            _ => false,
        };

        /// <summary>The node sits where the constants never lead: a branch on one of them that is not taken, or after an exit that is.</summary>
        private static bool IsExcluded(SyntaxNode node, Dictionary<string, bool> constants)
        {
            var child = node;
            for (var parent = node.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IfStatementSyntax branch when Value(branch.Condition, constants) is { } holds:
                        if ((child == branch.Statement && !holds) || (child == branch.Else && holds))
                        {
                            return true;
                        }

                        break;
                    case ConditionalExpressionSyntax conditional when Value(conditional.Condition, constants) is { } holds:
                        if ((child == conditional.WhenTrue && !holds) || (child == conditional.WhenFalse && holds))
                        {
                            return true;
                        }

                        break;
                    case BlockSyntax block:
                        foreach (var statement in block.Statements)
                        {
                            if (statement == child)
                            {
                                break;
                            }

                            if (statement is IfStatementSyntax { Else: null } exit && Value(exit.Condition, constants) == true && AlwaysExits(exit.Statement))
                            {
                                return true;
                            }
                        }

                        break;
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary><c>flag</c> or <c>!flag</c> for a parameter the call passes a constant to; null for anything else.</summary>
        private static bool? Value(ExpressionSyntax condition, Dictionary<string, bool> constants) => condition switch
        {
            ParenthesizedExpressionSyntax parenthesized => Value(parenthesized.Expression, constants),
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not => Value(not.Operand, constants) is { } value ? !value : null,
            IdentifierNameSyntax identifier when constants.TryGetValue(identifier.Identifier.ValueText, out var value) => value,
            _ => null,
        };

        private static bool AlwaysExits(StatementSyntax statement) => statement switch
        {
            ReturnStatementSyntax or ThrowStatementSyntax => true,
            BlockSyntax { Statements.Count: > 0 } block => AlwaysExits(block.Statements[block.Statements.Count - 1]),
            _ => false,
        };

        /// <summary>An assignment to, or a <c>ref</c>/<c>out</c> use of, a parameter the constants name: its value may change.</summary>
        private static bool AssignsAny(SyntaxNode body, Dictionary<string, bool> constants)
        {
            foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (!constants.ContainsKey(identifier.Identifier.ValueText))
                {
                    continue;
                }

                if ((identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier)
                    || identifier.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 }
                    || identifier.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
