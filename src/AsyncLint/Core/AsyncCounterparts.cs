using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>What a counterpart replaces: an awaited call, or the collection of a <c>foreach</c> (→ <c>await foreach</c>).</summary>
    internal enum CounterpartShape
    {
        Await,
        AsyncEnumerable,
    }

    /// <summary>An awaitable counterpart that binds at the call site.</summary>
    internal sealed class Counterpart
    {
        public Counterpart(IMethodSymbol method, string? token, string? tokenParameter)
        {
            Method = method;
            Token = token;
            TokenParameter = tokenParameter;
        }

        /// <summary>The bound counterpart (reduced, for an extension call).</summary>
        public IMethodSymbol Method { get; }

        /// <summary>The CancellationToken expression the rewritten call passes, or null when it binds without one.</summary>
        public string? Token { get; }

        /// <summary>The parameter the token is passed to by name, or null when it is passed by position.</summary>
        public string? TokenParameter { get; }
    }

    /// <summary>
    /// Finds the awaitable counterpart of a synchronous call: <c>NameAsync</c> or a same-name overload returning an
    /// awaitable (or an <c>IAsyncEnumerable&lt;T&gt;</c> for a <c>foreach</c>), on the receiver's static type, its base
    /// types and interfaces, or — for a call of an extension method — an extension in scope. A candidate counts only when
    /// the rewritten call (<c>x.NameAsync(args, ct)</c>, then <c>x.NameAsync(args)</c>) really binds at the call site
    /// (speculative binding, which also settles accessibility, static-ness, overloads and type inference), is not
    /// [Obsolete], yields what the original call's value was used as, is not the enclosing member (or an overload that
    /// ends up in it), and is not a source wrapper around the very synchronous method.
    /// One instance per compilation: "has no candidate" is cached per method symbol so the common call costs one lookup.
    /// </summary>
    internal sealed class AsyncCounterparts
    {
        private readonly KnownTypes types;
        private readonly ConcurrentDictionary<CandidateKey, bool> memberCandidates = new ConcurrentDictionary<CandidateKey, bool>();
        private readonly ConcurrentDictionary<CandidateKey, bool> extensionCandidates = new ConcurrentDictionary<CandidateKey, bool>();
        private readonly ConcurrentDictionary<IMethodSymbol, bool> syncWrappers = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public AsyncCounterparts(KnownTypes types)
        {
            this.types = types;
        }

        /// <summary>
        /// The cheap test: whether a synchronous method may have a counterpart at all — not itself awaitable, not named
        /// *Async, not ref-returning.
        /// </summary>
        public bool IsCandidateSource(IMethodSymbol method)
            => !method.ReturnsByRef
               && !method.ReturnsByRefReadonly
               && !method.Name.EndsWith("Async", StringComparison.Ordinal)
               && method.MethodKind == MethodKind.Ordinary
               && (method.ReturnsVoid || types.AwaitedType(method.ReturnType) is null);

        /// <summary>
        /// The receiver the call works on: the instance, or the first argument of an extension method called in reduced
        /// form (<c>query.ToList()</c>); null for a static call.
        /// </summary>
        public static IOperation? Receiver(IInvocationOperation invocation)
        {
            if (invocation.Instance != null)
            {
                return invocation.Instance;
            }

            return IsReducedExtensionCall(invocation) ? invocation.Arguments[0].Value : null;
        }

        /// <summary>
        /// Whether any member (or, for an extension call, any extension in scope) could be the counterpart: a cached
        /// dictionary lookup in the common case. Ask it before anything costlier.
        /// </summary>
        public bool HasCandidates(IInvocationOperation invocation, CounterpartShape shape)
        {
            var method = invocation.TargetMethod;
            var receiverType = Receiver(invocation)?.WalkDownConversions()?.Type ?? method.ContainingType;
            if (receiverType is null || receiverType.TypeKind == TypeKind.Error)
            {
                return false;
            }

            var isExtensionCall = IsReducedExtensionCall(invocation);
            return HasMemberCandidates(method, receiverType, shape, isExtensionCall)
                   || (isExtensionCall && !IsLinqToObjects(method, receiverType) && HasExtensionCandidates(invocation, receiverType, shape));
        }

        /// <summary>Finds the counterpart of <paramref name="invocation"/> by speculative binding (after <see cref="HasCandidates"/>), or null.</summary>
        public Counterpart? Find(IInvocationOperation invocation, CounterpartShape shape, string? token, ISymbol containingSymbol, IMethodSymbol enclosingFunction)
        {
            var method = invocation.TargetMethod;
            if (invocation.Syntax is not InvocationExpressionSyntax syntax)
            {
                return null;
            }

            var model = invocation.SemanticModel;
            if (model is null)
            {
                return null;
            }

            // A token already passed is forwarded as it is; otherwise the token in scope, if the counterpart takes it.
            var passesToken = invocation.Arguments.Any(a => types.IsCancellationToken(a.Value.WalkDownConversions()?.Type));
            var names = new[] { method.Name + "Async", method.Name };
            foreach (var name in names)
            {
                var tryToken = !passesToken && token != null;
                if (tryToken && TryBind(invocation, syntax, model, name, token, null, shape) is { } withToken)
                {
                    return Accept(withToken, invocation, containingSymbol, enclosingFunction) ? new Counterpart(withToken, token, null) : null;
                }

                if (TryBind(invocation, syntax, model, name, null, null, shape) is { } bound)
                {
                    if (!Accept(bound, invocation, containingSymbol, enclosingFunction))
                    {
                        return null;
                    }

                    // SerializeAsync(stream, value, options = null, cancellationToken = default): pass it by name.
                    var parameter = tryToken ? bound.Parameters.FirstOrDefault(p => p.IsOptional && types.IsCancellationToken(p.Type)) : null;
                    if (parameter != null
                        && TryBind(invocation, syntax, model, name, token, parameter.Name, shape) is { } named
                        && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, bound.OriginalDefinition))
                    {
                        return new Counterpart(named, token, parameter.Name);
                    }

                    return new Counterpart(bound, null, null);
                }
            }

            return null;
        }

        /// <summary>
        /// The declared async twin of <paramref name="method"/>: a method named <paramref name="name"/> (<c>LoadAsync</c>) on
        /// its type or a base type, as static as it, returning an awaitable, taking the same parameter types plus
        /// optionally a trailing CancellationToken. A question about declarations, not a call site (see <see cref="Find"/>).
        /// </summary>
        public static IMethodSymbol? DeclaredTwin(IMethodSymbol method, string name, KnownTypes types)
        {
            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var candidate in type.GetMembers(name).OfType<IMethodSymbol>())
                {
                    if (candidate.IsStatic != method.IsStatic || types.AwaitedType(candidate.ReturnType) is null || types.IsObsolete(candidate))
                    {
                        continue;
                    }

                    var extra = candidate.Parameters.Length - method.Parameters.Length;
                    if (extra < 0 || extra > 1 || (extra == 1 && !types.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)))
                    {
                        continue;
                    }

                    var same = true;
                    for (var i = 0; i < method.Parameters.Length && same; i++)
                    {
                        same = SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, candidate.Parameters[i].Type)
                               && method.Parameters[i].RefKind == candidate.Parameters[i].RefKind;
                    }

                    if (same)
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The dual-mode overload of a synchronous call: the same name with a <c>bool async</c> flag (<c>isAsync</c>,
        /// <c>useAsync</c>…) returning an awaitable, as Npgsql and SqlClient write them (<c>Task&lt;int&gt; Read(bool async,
        /// CancellationToken ct)</c> beside <c>int Read()</c>). It counts when <c>x.Name(args, flag: true[, token])</c> binds to
        /// it at the call site and yields what the call's value was used as. Null when there is none.
        /// </summary>
        public (Counterpart Counterpart, string Flag)? FindAsyncFlagOverload(IInvocationOperation invocation, string? token)
        {
            var method = invocation.TargetMethod;
            var model = invocation.SemanticModel;
            if (invocation.Syntax is not InvocationExpressionSyntax syntax || model is null || invocation.Instance is IConditionalAccessInstanceOperation)
            {
                return null;
            }

            foreach (var candidate in method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method.OriginalDefinition)
                    || candidate.IsStatic != method.IsStatic
                    || types.AwaitedType(candidate.ReturnType) is null
                    || types.IsObsolete(candidate)
                    || candidate.Parameters.FirstOrDefault(p => p.Type.SpecialType == SpecialType.System_Boolean && DualModeCode.IsAsyncFlagName(p.Name)) is not { } flag)
                {
                    continue;
                }

                var tokenParameter = candidate.Parameters.FirstOrDefault(p => types.IsCancellationToken(p.Type));
                foreach (var withToken in token != null && tokenParameter != null ? new[] { true, false } : new[] { false })
                {
                    var arguments = syntax.ArgumentList.AddArguments(
                        SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)).WithNameColon(SyntaxFactory.NameColon(flag.Name)));
                    if (withToken)
                    {
                        arguments = arguments.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token!)).WithNameColon(SyntaxFactory.NameColon(tokenParameter!.Name)));
                    }

                    var rewritten = syntax.WithArgumentList(arguments);
                    var info = model.GetSpeculativeSymbolInfo(syntax.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression);
                    if (info.Symbol is IMethodSymbol bound
                        && SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, candidate.OriginalDefinition)
                        && ReturnsWhatTheCallNeeds(invocation, bound, CounterpartShape.Await))
                    {
                        return (new Counterpart(bound, withToken ? token : null, withToken ? tokenParameter!.Name : null), flag.Name);
                    }
                }
            }

            return null;
        }

        /// <summary>The rewritten call: <c>x.NameAsync&lt;T&gt;(args[, token])</c>, built from the original syntax.</summary>
        public static InvocationExpressionSyntax? Rewrite(InvocationExpressionSyntax syntax, IOperation? conditionalReceiver, string name, string? token, string? tokenParameter = null)
        {
            ExpressionSyntax newExpression;
            switch (syntax.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    newExpression = access.WithName(Renamed(access.Name, name));
                    break;
                case SimpleNameSyntax simple:
                    newExpression = Renamed(simple, name);
                    break;
                case MemberBindingExpressionSyntax binding when conditionalReceiver?.Syntax is ExpressionSyntax receiverSyntax:
                    newExpression = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiverSyntax.WithoutTrivia(), Renamed(binding.Name, name));
                    break;
                default:
                    return null;
            }

            var arguments = syntax.ArgumentList;
            if (token != null)
            {
                var argument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token));
                if (tokenParameter != null)
                {
                    argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(tokenParameter)));
                }

                arguments = arguments.AddArguments(argument);
            }

            return SyntaxFactory.InvocationExpression(newExpression, arguments);
        }

        private static SimpleNameSyntax Renamed(SimpleNameSyntax name, string newName)
        {
            var identifier = SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, newName, name.Identifier.TrailingTrivia);
            return name is GenericNameSyntax generic ? generic.WithIdentifier(identifier) : SyntaxFactory.IdentifierName(identifier);
        }

        private static bool IsReducedExtensionCall(IInvocationOperation invocation)
            => invocation.Instance is null
               && invocation.TargetMethod.IsExtensionMethod
               && invocation.Arguments.Length > 0
               && invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax or MemberBindingExpressionSyntax } syntax
               && !syntax.ArgumentList.Arguments.Any(a => a.Span.Contains(invocation.Arguments[0].Value.Syntax.Span));

        private IMethodSymbol? TryBind(IInvocationOperation invocation, InvocationExpressionSyntax syntax, SemanticModel model, string name, string? token, string? tokenParameter, CounterpartShape shape)
        {
            var conditionalReceiver = invocation.Instance is IConditionalAccessInstanceOperation ? invocation.Instance : null;
            if (syntax.Expression is MemberBindingExpressionSyntax && conditionalReceiver is null)
            {
                // An extension method in a conditional access: bind on the receiver the conditional access tests.
                conditionalReceiver = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.WalkDownConversions() : null;
            }

            var rewritten = Rewrite(syntax, conditionalReceiver, name, token, tokenParameter);
            if (rewritten is null)
            {
                return null;
            }

            var info = model.GetSpeculativeSymbolInfo(syntax.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression);
            if (info.Symbol is not IMethodSymbol bound || bound.Name != name || types.IsObsolete(bound))
            {
                return null;
            }

            if (token != null)
            {
                // The token must land in a CancellationToken parameter of its own, not in a params array (EF's FindAsync).
                var index = syntax.ArgumentList.Arguments.Count;
                var parameter = tokenParameter != null
                    ? bound.Parameters.FirstOrDefault(p => p.Name == tokenParameter)
                    : index < bound.Parameters.Length ? bound.Parameters[index] : null;
                if (parameter is null || parameter.IsParams || !types.IsCancellationToken(parameter.Type))
                {
                    return null;
                }
            }

            return ReturnsWhatTheCallNeeds(invocation, bound, shape) ? bound : null;
        }

        /// <summary>The awaited value can stand where the original value stood (or the value is not used).</summary>
        private bool ReturnsWhatTheCallNeeds(IInvocationOperation invocation, IMethodSymbol candidate, CounterpartShape shape)
        {
            var original = invocation.TargetMethod.ReturnType;
            if (shape == CounterpartShape.AsyncEnumerable)
            {
                var element = ElementType(original, types.IEnumerableOfT);
                return element != null && SymbolEqualityComparer.Default.Equals(element, ElementType(candidate.ReturnType, types.IAsyncEnumerableOfT));
            }

            var awaited = types.AwaitedType(candidate.ReturnType);
            if (awaited is null)
            {
                return false;
            }

            if (invocation.TargetMethod.ReturnsVoid || invocation.IsDiscarded())
            {
                return true;
            }

            if (awaited.SpecialType == SpecialType.System_Void)
            {
                return false;
            }

            var conversion = types.Compilation.ClassifyConversion(awaited, original);
            return conversion.IsIdentity || (conversion.IsImplicit && (conversion.IsReference || conversion.IsNullable) && !conversion.IsUserDefined);
        }

        private static ITypeSymbol? ElementType(ITypeSymbol type, INamedTypeSymbol? genericInterface)
        {
            if (genericInterface is null)
            {
                return null;
            }

            if (type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, genericInterface))
            {
                return named.TypeArguments[0];
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, genericInterface))
                {
                    return implemented.TypeArguments[0];
                }
            }

            return null;
        }

        private bool Accept(IMethodSymbol candidate, IInvocationOperation invocation, ISymbol containingSymbol, IMethodSymbol enclosingFunction)
        {
            var definition = (candidate.ReducedFrom ?? candidate).OriginalDefinition;
            if (IsOrLeadsInto(definition, enclosingFunction) || (containingSymbol is IMethodSymbol member && IsOrLeadsInto(definition, member)))
            {
                return false;
            }

            // this.Flush() inside an override of FlushAsync: Stream.FlushAsync() would dispatch back into the enclosing override.
            if (invocation.Instance is IInstanceReferenceOperation && containingSymbol is IMethodSymbol container && container.Name == candidate.Name)
            {
                return false;
            }

            return !WrapsSynchronousTwin(definition, invocation.TargetMethod.Name);
        }

        /// <summary>The candidate is <paramref name="function"/>, a member it overrides, or the interface member it implements.</summary>
        private static bool IsOrLeadsInto(IMethodSymbol candidate, IMethodSymbol function)
        {
            for (var m = function; m != null; m = m.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, candidate))
                {
                    return true;
                }
            }

            foreach (var implemented in function.ExplicitInterfaceImplementations)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, candidate))
                {
                    return true;
                }
            }

            return candidate.ContainingType?.TypeKind == TypeKind.Interface
                   && function.ContainingType != null
                   && SymbolEqualityComparer.Default.Equals(function.ContainingType.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, function.OriginalDefinition);
        }

        private bool WrapsSynchronousTwin(IMethodSymbol candidate, string syncName)
            => !candidate.DeclaringSyntaxReferences.IsEmpty
               && syncWrappers.GetOrAdd(candidate, c => SourceWrappers.CallsWithoutAwaiting(c, syncName));

        /// <summary>Any accessible-looking member named Name/NameAsync on the type's hierarchy returning the right shape (cached).</summary>
        private bool HasMemberCandidates(IMethodSymbol method, ITypeSymbol receiverType, CounterpartShape shape, bool isExtensionCall)
        {
            // Names are all that matters here: key on the definitions, so List<int>.Add and List<string>.Add share one entry.
            var key = new CandidateKey(method.OriginalDefinition, receiverType.OriginalDefinition, shape, null, isExtensionCall);
            if (memberCandidates.TryGetValue(key, out var known))
            {
                return known; // the common case: no closure, no delegate
            }

            return memberCandidates.GetOrAdd(key, k =>
            {
                var asyncName = k.Method.Name + "Async";
                foreach (var type in Hierarchy(k.ReceiverType))
                {
                    foreach (var member in type.GetMembers(asyncName).AddRange(type.GetMembers(k.Method.Name)))
                    {
                        if (member is IMethodSymbol candidate
                            && candidate.IsStatic == (k.Method.IsStatic && !k.IsExtensionCall)
                            && ReturnsShape(candidate, shape)
                            && !types.IsObsolete(candidate))
                        {
                            return true;
                        }
                    }
                }

                return false;
            });
        }

        /// <summary>Any extension method named NameAsync in scope for the receiver type (cached per file).</summary>
        private bool HasExtensionCandidates(IInvocationOperation invocation, ITypeSymbol receiverType, CounterpartShape shape)
        {
            var model = invocation.SemanticModel;
            if (model is null)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            var key = new CandidateKey(method, receiverType, shape, invocation.Syntax.SyntaxTree);
            if (extensionCandidates.TryGetValue(key, out var known))
            {
                return known;
            }

            return extensionCandidates.GetOrAdd(key, k =>
            {
                foreach (var symbol in model.LookupSymbols(invocation.Syntax.SpanStart, receiverType, method.Name + "Async", includeReducedExtensionMethods: true))
                {
                    if (symbol is IMethodSymbol { IsExtensionMethod: true } candidate && ReturnsShape(candidate, shape) && !types.IsObsolete(candidate))
                    {
                        return true;
                    }
                }

                return false;
            });
        }

        /// <summary>
        /// <c>Enumerable.ToList()</c> and friends on a receiver that is not an <c>IQueryable</c>: in memory, whatever
        /// <c>…Async</c> extensions are in scope (EF Core's take an IQueryable). Skips the scope lookup for most LINQ.
        /// </summary>
        private static bool IsLinqToObjects(IMethodSymbol method, ITypeSymbol receiverType)
        {
            if (method.ContainingType is not { Name: "Enumerable" } container || container.ContainingNamespace?.ToDisplayString() != "System.Linq")
            {
                return false;
            }

            foreach (var implemented in receiverType.AllInterfaces)
            {
                if (implemented.Name == "IQueryable" && implemented.ContainingNamespace?.ToDisplayString() == "System.Linq")
                {
                    return false;
                }
            }

            return !(receiverType.Name == "IQueryable" || receiverType.Name == "IOrderedQueryable");
        }

        private bool ReturnsShape(IMethodSymbol candidate, CounterpartShape shape)
            => shape == CounterpartShape.AsyncEnumerable
                ? ElementType(candidate.ReturnType, types.IAsyncEnumerableOfT) != null
                : types.AwaitedType(candidate.ReturnType) != null;

        private static IEnumerable<ITypeSymbol> Hierarchy(ITypeSymbol type)
        {
            if (type is ITypeParameterSymbol parameter)
            {
                foreach (var constraint in parameter.ConstraintTypes)
                {
                    foreach (var t in Hierarchy(constraint))
                    {
                        yield return t;
                    }
                }

                yield break;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                yield return t;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                yield return implemented;
            }
        }

        private readonly struct CandidateKey : IEquatable<CandidateKey>
        {
            public CandidateKey(IMethodSymbol method, ITypeSymbol receiverType, CounterpartShape shape, SyntaxTree? tree, bool isExtensionCall = false)
            {
                Method = method;
                ReceiverType = receiverType;
                Shape = shape;
                Tree = tree;
                IsExtensionCall = isExtensionCall;
            }

            public bool IsExtensionCall { get; }

            public IMethodSymbol Method { get; }

            public ITypeSymbol ReceiverType { get; }

            public CounterpartShape Shape { get; }

            public SyntaxTree? Tree { get; }

            public bool Equals(CandidateKey other)
                => Shape == other.Shape
                   && IsExtensionCall == other.IsExtensionCall
                   && Tree == other.Tree
                   && SymbolEqualityComparer.Default.Equals(Method, other.Method)
                   && SymbolEqualityComparer.Default.Equals(ReceiverType, other.ReceiverType);

            public override bool Equals(object? obj) => obj is CandidateKey other && Equals(other);

            public override int GetHashCode()
                => (SymbolEqualityComparer.Default.GetHashCode(Method) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(ReceiverType) ^ (int)Shape;
        }
    }
}
