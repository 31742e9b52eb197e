using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Members of the code's own types that can never be null once the object is constructed: a <c>readonly</c> field or a
    /// get-only auto-property whose every assignment (its initializer and the assignments in the type's constructors) is
    /// a <c>new</c> expression. <c>_manager?.UpdateAsync()</c> on such a member is defensive style, not a null path.
    /// Anything that cannot be read from syntax (a <c>ref</c>/<c>out</c> use, a constructor local or parameter of the same
    /// name, an assignment under a condition, a constructor that assigns nothing) counts as possibly null.
    /// </summary>
    internal static class NeverNullMembers
    {
        public static bool IsNeverNull(IOperation? value)
        {
            ISymbol? member = value.WalkDownConversions() switch
            {
                IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: false } field, Instance: IInstanceReferenceOperation } => field,
                IPropertyReferenceOperation { Property: { SetMethod: null, IsStatic: false, IsAbstract: false, IsVirtual: false, IsOverride: false } property, Instance: IInstanceReferenceOperation }
                    when IsAutoProperty(property) => property,
                _ => null,
            };
            if (member is null || member.DeclaringSyntaxReferences.IsEmpty || member.ContainingType.TypeKind != TypeKind.Class)
            {
                return false;
            }

            var initialized = false;
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var initializer = reference.GetSyntax() switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                    PropertyDeclarationSyntax declaration => declaration.Initializer?.Value,
                    _ => null,
                };
                if (initializer != null)
                {
                    if (!IsCreation(initializer))
                    {
                        return false;
                    }

                    initialized = true;
                }
            }

            var constructors = 0;
            foreach (var typeReference in member.ContainingType.DeclaringSyntaxReferences)
            {
                if (typeReference.GetSyntax() is not TypeDeclarationSyntax type)
                {
                    continue;
                }

                foreach (var constructor in type.Members.OfType<ConstructorDeclarationSyntax>())
                {
                    if (constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        continue;
                    }

                    constructors++;
                    var assigned = constructor.Initializer is { RawKind: (int)SyntaxKind.ThisConstructorInitializer };
                    foreach (var name in constructor.DescendantNodes().OfType<SimpleNameSyntax>())
                    {
                        if (name.Identifier.ValueText != member.Name)
                        {
                            continue;
                        }

                        var target = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? access : (ExpressionSyntax)name;
                        if (target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target)
                        {
                            // Only `_f = new F();` as a statement of the constructor's own body (or its expression body):
                            // a conditional assignment leaves the other path null.
                            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                                || !IsCreation(assignment.Right)
                                || Declares(constructor, member.Name)
                                || !(assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax block } && block.Parent == constructor
                                     || assignment.Parent is ArrowExpressionClauseSyntax arrow && arrow.Parent == constructor))
                            {
                                return false;
                            }

                            assigned = true;
                        }
                        else if (target.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
                        {
                            return false;
                        }
                    }

                    if (!assigned && !initialized)
                    {
                        return false;
                    }
                }
            }

            return initialized || constructors > 0;
        }

        private static bool IsAutoProperty(IPropertySymbol property)
            => property.DeclaringSyntaxReferences.Length == 1
               && property.DeclaringSyntaxReferences[0].GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors }
               && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);

        private static bool IsCreation(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax;
        }

        private static bool Declares(ConstructorDeclarationSyntax constructor, string name)
            => constructor.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name)
               || constructor.DescendantNodes().Any(n => n is VariableDeclaratorSyntax v && v.Identifier.ValueText == name
                                                         || n is SingleVariableDesignationSyntax d && d.Identifier.ValueText == name);
    }
}
