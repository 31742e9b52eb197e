using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>Whose is a method's signature? Members that override or implement another, accessors, constructors…: not the method's to change.</summary>
    internal static class SignatureContracts
    {
        /// <summary>The member this method overrides or implements (explicitly, or implicitly as a public member), or null.</summary>
        public static IMethodSymbol? ContractMember(IMethodSymbol method)
        {
            if (method.OverriddenMethod is { } overridden)
            {
                return overridden;
            }

            if (!method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return method.ExplicitInterfaceImplementations[0];
            }

            if (method.MethodKind == MethodKind.LocalFunction || method.DeclaredAccessibility != Accessibility.Public || method.ContainingType is null)
            {
                return null;
            }

            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(interfaceMethod), method))
                    {
                        return interfaceMethod;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The member is synchronous by contract: it cannot become <c>async</c> without changing a signature it does not own.
        /// Accessors, constructors, finalizers and operators; an override or implementation of a member that does not return
        /// an awaitable (<c>IGroupState.HandleRequest</c>, <c>Dispose</c>); a method with an event handler's shape.
        /// Lambdas and local functions are not: the code around them chooses their delegate type.
        /// </summary>
        public static bool IsSynchronousByContract(IMethodSymbol method, KnownTypes types)
        {
            switch (method.MethodKind)
            {
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                case MethodKind.EventAdd:
                case MethodKind.EventRemove:
                case MethodKind.EventRaise:
                case MethodKind.Constructor:
                case MethodKind.StaticConstructor:
                case MethodKind.Destructor:
                case MethodKind.UserDefinedOperator:
                case MethodKind.Conversion:
                    return true;
                case MethodKind.Ordinary:
                case MethodKind.ExplicitInterfaceImplementation:
                    return (ContractMember(method) is { } contract && !types.IsTaskLike(contract.ReturnType))
                        || types.IsEventHandlerShape(method);
                default:
                    return false;
            }
        }
    }
}
