using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>
    /// Members of the compilation that only ever hand out completed tasks: a method or property whose every return is
    /// <c>Task.FromResult(…)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException(…)</c>, <c>default</c> (a ValueTask)
    /// or a cached task (a <c>static readonly</c> field initialized with one of those), and such fields themselves; a
    /// <c>null</c> return holds no task to wait for.
    /// Reading the result of what they return cannot block. Read from the declaration's syntax (it may be in another
    /// file), only for members no override can replace; one answer per member and compilation (reach it through
    /// <see cref="CompilationContext.CompletedTasks"/>).
    /// </summary>
    internal sealed class CompletedTaskMembers
    {
        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<ISymbol, bool> _cache = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        internal CompletedTaskMembers(KnownTypes types)
        {
            _types = types;
        }

        public bool HandsOutOnlyCompletedTasks(ISymbol member)
        {
            // Cheap first: only source members that hand out a task can qualify.
            if (member.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            var type = member switch
            {
                IMethodSymbol method => method.ReturnType,
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
            if (!_types.IsTaskOrValueTask(type))
            {
                return false;
            }

            return _cache.TryGetValue(member.OriginalDefinition, out var known) ? known : _cache.GetOrAdd(member.OriginalDefinition, Compute);
        }

        private bool Compute(ISymbol member)
        {
            if (member.IsAbstract || member.IsVirtual || member.IsExtern || (member.IsOverride && !member.IsSealed && !member.ContainingType.IsSealed))
            {
                return false; // another implementation may run instead
            }

            switch (member)
            {
                case IFieldSymbol field:
                    return field.IsStatic && field.IsReadOnly && IsCompletedFieldSyntax(field);
                case IMethodSymbol { IsAsync: false, MethodKind: MethodKind.Ordinary } method:
                    return AllReturnsComplete(method);
                case IPropertySymbol { GetMethod: { } getter }:
                    return AllReturnsComplete(getter);
                default:
                    return false;
            }
        }

        private bool AllReturnsComplete(IMethodSymbol method)
        {
            var isValueTask = _types.IsValueTask(method.ReturnType);
            var any = false;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var body = reference.GetSyntax() switch
                {
                    BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.ExpressionBody?.Expression ?? declaration.Body,
                    PropertyDeclarationSyntax property => property.ExpressionBody?.Expression,
                    AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.ExpressionBody?.Expression ?? accessor.Body,
                    ArrowExpressionClauseSyntax arrow => arrow.Expression,
                    _ => null,
                };
                if (body is null)
                {
                    return false;
                }

                if (body is ExpressionSyntax expression)
                {
                    if (!IsCompletedSyntax(expression, method.ContainingType, isValueTask))
                    {
                        return false;
                    }

                    any |= !IsNull(expression);
                    continue;
                }

                foreach (var node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax || n is LocalFunctionStatementSyntax)))
                {
                    switch (node)
                    {
                        case YieldStatementSyntax:
                            return false;
                        case ReturnStatementSyntax { Expression: { } returned }:
                            if (!IsCompletedSyntax(returned, method.ContainingType, isValueTask))
                            {
                                return false;
                            }

                            any |= !IsNull(returned);
                            break;
                    }
                }
            }

            return any;
        }

        /// <summary>
        /// <c>Task.FromResult(…)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException(…)</c>, <c>Task.FromCanceled(…)</c>,
        /// <c>default</c> for a ValueTask, a cached completed task of the same type, or a conditional of those.
        /// </summary>
        private bool IsCompletedSyntax(ExpressionSyntax expression, INamedTypeSymbol containingType, bool isValueTask)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return IsCompletedSyntax(parenthesized.Expression, containingType, isValueTask);
                case ConditionalExpressionSyntax conditional:
                    return IsCompletedSyntax(conditional.WhenTrue, containingType, isValueTask) && IsCompletedSyntax(conditional.WhenFalse, containingType, isValueTask);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    return IsTaskTypeName(access.Expression)
                        && access.Name.Identifier.ValueText is "FromResult" or "FromException" or "FromCanceled";
                case MemberAccessExpressionSyntax access when access.Name.Identifier.ValueText == "CompletedTask" && IsTaskTypeName(access.Expression):
                    return true;
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression):
                    return !isValueTask; // no task at all: reading through it cannot block (it throws, or `?.` skips it)
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.DefaultLiteralExpression):
                case DefaultExpressionSyntax:
                    return isValueTask;
                case IdentifierNameSyntax name:
                    return IsCachedTaskField(containingType, name.Identifier.ValueText);
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } access:
                    return IsCachedTaskField(containingType, access.Name.Identifier.ValueText);
                default:
                    return false;
            }
        }

        private bool IsCachedTaskField(INamedTypeSymbol containingType, string name)
        {
            foreach (var candidate in containingType.GetMembers(name))
            {
                if (candidate is IFieldSymbol field)
                {
                    return HandsOutOnlyCompletedTasks(field);
                }
            }

            return false;
        }

        private bool IsCompletedFieldSyntax(IFieldSymbol field)
        {
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value }
                    || value is IdentifierNameSyntax
                    || !IsCompletedSyntax(value, field.ContainingType, _types.IsValueTask(field.Type)))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsNull(ExpressionSyntax expression)
            => expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.NullLiteralExpression);

        private static bool IsTaskTypeName(ExpressionSyntax expression)
        {
            var name = expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                GenericNameSyntax generic => generic.Identifier.ValueText,
                _ => null,
            };
            return name == "Task" || name == "ValueTask";
        }
    }
}
