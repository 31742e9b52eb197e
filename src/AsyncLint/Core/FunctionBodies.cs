using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>
    /// What a function body does, read from its syntax, so that it can be asked about a body in another file (a callee)
    /// or at symbol end (an <c>async void</c> method): does it catch everything, does it only return completed tasks?
    /// Names are recognized as written (<c>Exception</c>, <c>Task.CompletedTask</c>); an answer only ever silences a
    /// finding, so what the syntax cannot show counts as "no".
    /// </summary>
    internal static class FunctionBodies
    {
        /// <summary>
        /// A throw helper: the method never returns normally. It says so (<c>[DoesNotReturn]</c>), or its body is one
        /// <c>throw</c> (Squidex's <c>ThrowHelper.NotSupportedException()</c>). Code after a call to it is unreachable.
        /// </summary>
        public static bool AlwaysThrows(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "DoesNotReturnAttribute")
                {
                    return true;
                }
            }

            if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            return method.DeclaringSyntaxReferences[0].GetSyntax() is MethodDeclarationSyntax declaration
                && OnlyThrows((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody);
        }

        /// <summary>A body that is one <c>throw</c>: <c>{ throw new NotImplementedException(); }</c> or <c>=&gt; throw …</c>.</summary>
        public static bool OnlyThrows(SyntaxNode? body) => body switch
        {
            BlockSyntax { Statements: { Count: 1 } statements } => statements[0] is ThrowStatementSyntax,
            ArrowExpressionClauseSyntax { Expression: ThrowExpressionSyntax } => true,
            ThrowExpressionSyntax => true,
            _ => false,
        };

        /// <summary>
        /// A function body (block) that catches every exception it can throw: it is one <c>try</c> statement with a catch-all
        /// (<c>catch</c>, <c>catch (Exception)</c>) without a filter, and no catch clause rethrows. Syntax only, so that it
        /// can be asked about a body in another file; <c>Exception</c> is recognized by name.
        /// </summary>
        public static bool CatchesEverything(BlockSyntax? body)
            => body is { Statements.Count: 1 } && body.Statements[0] is TryStatementSyntax guarded && CatchesEverything(guarded);

        /// <summary>
        /// A <c>try</c> statement whose catch clauses catch every exception its block throws: one of them is a catch-all
        /// (<c>catch</c>, <c>catch (Exception)</c>) without a filter, and none rethrows.
        /// </summary>
        public static bool CatchesEverything(TryStatementSyntax guarded)
        {
            var catchAll = false;
            foreach (var clause in guarded.Catches)
            {
                if (Throws(clause.Block))
                {
                    return false;
                }

                if (clause.Filter is null && (clause.Declaration is null || IsExceptionTypeName(clause.Declaration.Type)))
                {
                    catchAll = true;
                }
            }

            return catchAll;
        }

        private static bool IsExceptionTypeName(TypeSyntax type) => type switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Exception",
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "Exception" && qualified.Left.ToString() is "System" or "global::System",
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText == "Exception",
            _ => false,
        };

        /// <summary>A <c>throw</c> statement or expression in the block, outside nested functions.</summary>
        private static bool Throws(SyntaxNode block)
        {
            foreach (var node in block.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                if (node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every <c>return</c> (outside nested functions), or the expression body, is a completed or null task. With
        /// <paramref name="faultedToo"/>, <c>Task.FromException(…)</c> counts (complete, though faulted); with
        /// <paramref name="isCachedTask"/>, so does a name it accepts (a <c>static readonly</c> field holding a completed task).
        /// </summary>
        public static bool ReturnsOnlyCompletedTasks(BlockSyntax? block, ArrowExpressionClauseSyntax? arrow, bool faultedToo = false, System.Func<string, bool>? isCachedTask = null)
        {
            if (arrow != null)
            {
                return IsCompletedTaskSyntax(arrow.Expression, faultedToo, isCachedTask);
            }

            if (block is null)
            {
                return false;
            }

            var any = false;
            foreach (var node in block.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                if (node is ReturnStatementSyntax ret)
                {
                    if (ret.Expression is null || !IsCompletedTaskSyntax(ret.Expression, faultedToo, isCachedTask))
                    {
                        return false;
                    }

                    any = true;
                }
                else if (node is YieldStatementSyntax)
                {
                    return false;
                }
            }

            return any;
        }

        /// <summary>
        /// <c>Task.CompletedTask</c>, <c>ValueTask.CompletedTask</c>, <c>Task.FromResult(…)</c>, <c>Task.FromCanceled(…)</c>,
        /// <c>default</c>, <c>null</c>, <c>new ValueTask()</c>, and conditionals of those (see
        /// <see cref="ReturnsOnlyCompletedTasks"/> for the two options).
        /// </summary>
        public static bool IsCompletedTaskSyntax(ExpressionSyntax expression, bool faultedToo = false, System.Func<string, bool>? isCachedTask = null)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return IsCompletedTaskSyntax(parenthesized.Expression, faultedToo, isCachedTask);
                case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    return IsCompletedTaskSyntax(suppressed.Operand, faultedToo, isCachedTask);
                case ConditionalExpressionSyntax conditional:
                    return IsCompletedTaskSyntax(conditional.WhenTrue, faultedToo, isCachedTask) && IsCompletedTaskSyntax(conditional.WhenFalse, faultedToo, isCachedTask);
                case IdentifierNameSyntax identifier when isCachedTask != null:
                    return isCachedTask(identifier.Identifier.ValueText);
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax, Name.Identifier.ValueText: var member } cached
                    when isCachedTask != null && member != "CompletedTask":
                    return isCachedTask(member);
                case LiteralExpressionSyntax literal:
                    return literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression);
                case DefaultExpressionSyntax:
                    return true;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" } access:
                    return IsTaskTypeName(access.Expression);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    var name = access.Name.Identifier.ValueText;
                    return (name == "FromResult" || name == "FromCanceled" || (faultedToo && name == "FromException")) && IsTaskTypeName(access.Expression);
                case BaseObjectCreationExpressionSyntax creation:
                    return creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0
                        ? creation is ImplicitObjectCreationExpressionSyntax || (creation is ObjectCreationExpressionSyntax { Type: var type } && IsValueTaskTypeName(type))
                        : false;
                default:
                    return false;
            }
        }

        private static bool IsTaskTypeName(ExpressionSyntax expression)
        {
            var name = expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            return name == "Task" || name == "ValueTask";
        }

        private static bool IsValueTaskTypeName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "ValueTask",
            SimpleNameSyntax simple => simple.Identifier.ValueText == "ValueTask",
            _ => false,
        };

        /// <summary>Whether a token of <paramref name="syntax"/> spells <paramref name="name"/> (a name a rewrite may not add).</summary>
        public static bool UsesName(SyntaxNode syntax, string name)
        {
            foreach (var token in syntax.DescendantTokens())
            {
                if (token.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
