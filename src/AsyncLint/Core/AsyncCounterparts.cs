using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using AsyncLint.Options;

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
    /// It must also do something the synchronous member does not, for this receiver (<see cref="AddsNothing"/>): not the
    /// System.Data.Common/Stream default that runs the synchronous member (<see cref="SynchronousDefaults"/>), not a
    /// provider documented as synchronous, not the disposal of a resource with nothing asynchronous to do
    /// (<see cref="DisposalWork"/>), not an EF-style <c>…Async</c> operator on an in-memory <c>AsQueryable()</c>; and it must
    /// exist in every target the code is compiled for (not inside target-framework <c>#if</c> code) and on the path the call
    /// is on (not after the code tested the receiver and found it lacks the counterpart's interface).
    /// One instance per compilation: "has no candidate" is cached per method symbol so the common call costs one lookup.
    /// </summary>
    internal sealed class AsyncCounterparts
    {
        /// <summary>The token passed where none is in scope and the counterpart needs one (a same-name overload that adds it).</summary>
        public const string NoneToken = "global::System.Threading.CancellationToken.None";

        private readonly KnownTypes types;
        private readonly Lazy<SynchronousDefaults> defaults;
        private readonly TargetSpecificCode targetSpecificCode = new TargetSpecificCode();
        private readonly ConcurrentDictionary<CandidateKey, bool> memberCandidates = new ConcurrentDictionary<CandidateKey, bool>();
        private readonly ConcurrentDictionary<CandidateKey, bool> extensionCandidates = new ConcurrentDictionary<CandidateKey, bool>();
        private readonly ConcurrentDictionary<IMethodSymbol, bool> syncWrappers = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly Lazy<HashSet<string>> extensionAsyncNames;

        public AsyncCounterparts(KnownTypes types)
        {
            this.types = types;
            extensionAsyncNames = new Lazy<HashSet<string>>(() => ExtensionAsyncNames(types.Compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            defaults = new Lazy<SynchronousDefaults>(() => new SynchronousDefaults(types.Compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
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
        /// form (<c>query.ToList()</c>); for a conditional access (<c>x?.Dispose()</c>) the expression it tests (<c>x</c>);
        /// null for a static call.
        /// </summary>
        public static IOperation? Receiver(IInvocationOperation invocation)
        {
            var receiver = invocation.Instance ?? (IsReducedExtensionCall(invocation) ? invocation.Arguments[0].Value : null);
            return receiver.WalkDownConversions() is IConditionalAccessInstanceOperation instance ? ConditionalReceiver(instance) ?? receiver : receiver;
        }

        /// <summary>The expression a conditional access tests, for the placeholder that stands for it in the access.</summary>
        private static IOperation? ConditionalReceiver(IConditionalAccessInstanceOperation instance)
        {
            IOperation child = instance;
            for (var parent = instance.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access && child == access.WhenNotNull)
                {
                    return access.Operation;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether any member (or, for an extension call, any extension in scope) could be the counterpart: a cached
        /// dictionary lookup in the common case. Ask it before anything costlier.
        /// </summary>
        public bool HasCandidates(IInvocationOperation invocation, CounterpartShape shape)
        {
            var method = invocation.TargetMethod;
            var isExtensionCall = IsReducedExtensionCall(invocation);
            var receiver = invocation.Instance ?? (isExtensionCall ? invocation.Arguments[0].Value : null);
            var receiverType = receiver?.WalkDownConversions()?.Type ?? method.ContainingType;
            if (receiverType is null || receiverType.TypeKind == TypeKind.Error)
            {
                return false;
            }

            return HasMemberCandidates(method, receiverType, shape, isExtensionCall)
                   || ((isExtensionCall || (!method.IsStatic && invocation.Instance != null)) && !IsLinqToObjects(method, receiverType) && HasExtensionCandidates(invocation, receiverType, shape));
        }

        /// <summary>
        /// Finds the counterpart of <paramref name="invocation"/> by speculative binding (after <see cref="HasCandidates"/>),
        /// or null: none binds, or the one that binds adds nothing here (see the class summary). <paramref name="options"/>
        /// carries the user's <c>asynclint.synchronous_providers</c>; without it only the built-in providers count.
        /// </summary>
        public Counterpart? Find(IInvocationOperation invocation, CounterpartShape shape, string? token, ISymbol containingSymbol, IMethodSymbol enclosingFunction, AnalyzerOptions? options = null)
        {
            if (targetSpecificCode.Contains(invocation.Syntax))
            {
                return null;
            }

            var counterpart = Bind(invocation, shape, token, containingSymbol, enclosingFunction);
            if (counterpart is null
                || AddsNothing(counterpart.Method, invocation, options)
                || ReceiverFailedTypeTest(invocation, counterpart.Method))
            {
                return null;
            }

            return counterpart;
        }

        /// <summary>
        /// The declared async twin of <paramref name="method"/>: a method named <paramref name="name"/> (<c>LoadAsync</c>) on
        /// its type or a base type, as static as it, returning an awaitable, with the parameters
        /// <see cref="SynchronousCounterparts"/> pairs (the same, plus optionally a trailing CancellationToken). A question
        /// about declarations, not a call site (see <see cref="Find"/>): the make-async cascade asks it before it gives a
        /// member that name.
        /// </summary>
        public static IMethodSymbol? DeclaredTwin(IMethodSymbol method, string name, KnownTypes types)
        {
            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol candidate
                        && candidate.IsStatic == method.IsStatic
                        && types.AwaitedType(candidate.ReturnType) != null
                        && !types.IsObsolete(candidate)
                        && SynchronousCounterparts.SameParameters(method, candidate, types))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The dual-mode overload of a synchronous call as a counterpart at the call site: the overload
        /// <see cref="DualModeCode.AsyncOverload"/> finds (the same name with a <c>bool async</c> flag, returning a task,
        /// as Npgsql and SqlClient write them: <c>Task&lt;int&gt; Read(bool async, CancellationToken ct)</c> beside
        /// <c>int Read()</c>), when <c>x.Name(args, async: true[, cancellationToken: token])</c> binds to it here and yields
        /// what the call's value was used as. ASYNC105's remedy names it; its fix calls it. Null when there is none.
        /// </summary>
        public (Counterpart Counterpart, string Flag)? FindAsyncFlagOverload(IInvocationOperation invocation, string? token)
        {
            var model = invocation.SemanticModel;
            if (invocation.Syntax is not InvocationExpressionSyntax syntax
                || model is null
                || invocation.Instance is IConditionalAccessInstanceOperation
                || targetSpecificCode.Contains(syntax)
                || DualModeCode.AsyncOverload(invocation.TargetMethod.OriginalDefinition, types) is not { } overload
                || DualModeCode.AsyncFlagParameter(overload) is not { } flag)
            {
                return null;
            }

            // The token in scope, else none; a token parameter without a default gets CancellationToken.None where no
            // token is in scope (as Find does for a counterpart that needs one; the synchronous facade passes it too).
            var tokenParameter = overload.Parameters.FirstOrDefault(p => types.IsCancellationToken(p.Type));
            var tokens = new List<string?>();
            if (token != null && tokenParameter != null)
            {
                tokens.Add(token);
            }

            tokens.Add(null);
            if (token is null && tokenParameter is { IsOptional: false })
            {
                tokens.Add(NoneToken);
            }

            foreach (var passed in tokens)
            {
                var arguments = syntax.ArgumentList.AddArguments(
                    SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)).WithNameColon(SyntaxFactory.NameColon(flag.Name)));
                if (passed != null)
                {
                    arguments = arguments.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(passed)).WithNameColon(SyntaxFactory.NameColon(tokenParameter!.Name)));
                }

                var info = model.GetSpeculativeSymbolInfo(syntax.SpanStart, syntax.WithArgumentList(arguments), SpeculativeBindingOption.BindAsExpression);
                if (info.Symbol is IMethodSymbol bound
                    && SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, overload.OriginalDefinition)
                    && ReturnsWhatTheCallNeeds(invocation, bound, CounterpartShape.Await))
                {
                    return (new Counterpart(bound, passed, passed is null ? null : tokenParameter!.Name), flag.Name);
                }
            }

            return null;
        }

        /// <summary>
        /// ASYNC202's question, the same one <see cref="Find"/> asks of <c>DisposeAsync</c>: whether disposing
        /// <paramref name="value"/> (declared as <paramref name="declaredType"/>) asynchronously does nothing that
        /// <c>Dispose</c> does not — a type whose <c>DisposeAsync</c> is the base default or a source wrapper around
        /// <c>Dispose</c>, a synchronous provider, or a resource with nothing asynchronous to do at dispose.
        /// </summary>
        public bool DisposeAsyncAddsNothing(ITypeSymbol declaredType, IOperation? value, SyntaxTree tree, AnalyzerOptions? options)
        {
            var providers = SynchronousProviders(options, tree);
            return types.DisposeAsync is { } disposeAsync
                   && (DisposalWork.HasNothingToDo(value)
                       || ForwardsToSynchronousProvider(declaredType, value, providers)
                       || AddsNothingFor(disposeAsync, RuntimeType(declaredType, value), "Dispose", providers));
        }

        /// <summary>
        /// A Dapper <c>GridReader</c> made by <c>connection.QueryMultiple(Async)(…)</c> on a connection whose provider
        /// disposes commands and readers synchronously (a SqlConnection): its DisposeAsync awaits only those.
        /// </summary>
        private bool ForwardsToSynchronousProvider(ITypeSymbol type, IOperation? value, ImmutableArray<string> providers)
        {
            if (!SynchronousDefaults.ForwardsDisposalToProvider(type)
                || LocalValues.Unawaited(LocalValues.KnownValue(value)) is not IInvocationOperation creation)
            {
                return false;
            }

            var connection = creation.Instance ?? (creation.TargetMethod.IsExtensionMethod && creation.Arguments.Length > 0 ? creation.Arguments[0].Value : null);
            return connection != null
                   && PreciseType(connection) is { } connectionType
                   && defaults.Value.ProviderDisposesSynchronously(RuntimeType(connectionType, connection), providers);
        }

        /// <summary>Whether the code at <paramref name="node"/> is compiled only for some target frameworks (<c>#if NET8_0_OR_GREATER</c> … <c>#else</c>).</summary>
        public bool IsTargetSpecific(SyntaxNode node) => targetSpecificCode.Contains(node);

        private Counterpart? Bind(IInvocationOperation invocation, CounterpartShape shape, string? token, ISymbol containingSymbol, IMethodSymbol enclosingFunction)
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

            // A same-name (or NameAsync) overload that only adds a CancellationToken, with none in scope: pass None.
            if (!passesToken && token is null)
            {
                foreach (var name in names)
                {
                    if (TryBind(invocation, syntax, model, name, NoneToken, null, shape) is { } withNone)
                    {
                        return Accept(withNone, invocation, containingSymbol, enclosingFunction) ? new Counterpart(withNone, NoneToken, null) : null;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The counterpart, called on this receiver, does nothing the synchronous member does not: a synchronous provider,
        /// the disposal of a resource with nothing to do, the base default that runs the synchronous member, a source
        /// override that only wraps it, or an <c>…Async</c> query operator on a queryable that may be in memory.
        /// </summary>
        private bool AddsNothing(IMethodSymbol counterpart, IInvocationOperation invocation, AnalyzerOptions? options)
        {
            var receiver = Receiver(invocation);
            if (receiver is null)
            {
                return false;
            }

            var providers = SynchronousProviders(options, invocation.Syntax.SyntaxTree);
            var staticType = PreciseType(receiver);
            if (counterpart.ReducedFrom != null || counterpart.IsExtensionMethod)
            {
                return SynchronousDefaults.IsSynchronousProvider(staticType, providers)
                       || (IsQueryableExtension(counterpart) && QueryableOperators.MayBeInMemory(receiver));
            }

            if (counterpart.Name is "DisposeAsync" or "CloseAsync"
                && (DisposalWork.HasNothingToDo(receiver) || (staticType != null && ForwardsToSynchronousProvider(staticType, receiver, providers))))
            {
                return true;
            }

            return staticType != null && AddsNothingFor(counterpart, RuntimeType(staticType, receiver), invocation.TargetMethod.Name, providers);
        }

        private bool AddsNothingFor(IMethodSymbol asyncMember, ITypeSymbol runtimeType, string syncName, ImmutableArray<string> providers)
        {
            if (SynchronousDefaults.IsSynchronousProvider(runtimeType, providers) || defaults.Value.IsSynchronousDefault(asyncMember, runtimeType))
            {
                return true;
            }

            // A type of this compilation (or a derived one) whose override awaits nothing and calls the synchronous member.
            return !runtimeType.IsAbstract
                   && SynchronousDefaults.Implementation(asyncMember, runtimeType) is { DeclaringSyntaxReferences.IsEmpty: false } implementation
                   && syncWrappers.GetOrAdd(implementation, i => SourceWrappers.CallsWithoutAwaiting(i, syncName));
        }

        private static ImmutableArray<string> SynchronousProviders(AnalyzerOptions? options, SyntaxTree tree)
            => options is null ? ImmutableArray<string>.Empty : AsyncLintOptions.SynchronousProviders.GetValue(options, tree);

        /// <summary>
        /// The most precise static type of a receiver: through upcasts to the operand's type (<c>(DbConnection)sql</c> is a
        /// SqlConnection), but not through a downcast (<c>(SqlConnection)db</c> is a SqlConnection).
        /// </summary>
        private ITypeSymbol? PreciseType(IOperation receiver)
        {
            var type = receiver.Type;
            for (var operand = receiver; operand is IConversionOperation or IParenthesizedOperation;)
            {
                operand = operand is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operand).Operand;
                if (operand.Type is { } inner && (type is null || types.Compilation.ClassifyConversion(inner, type) is { IsImplicit: true, IsUserDefined: false }))
                {
                    type = inner;
                }
                else
                {
                    break;
                }
            }

            return type;
        }

        /// <summary>
        /// The runtime type when the creation site is visible (<c>new SqlConnection(…)</c>, directly or through a local
        /// assigned once), otherwise the static type.
        /// </summary>
        private static ITypeSymbol RuntimeType(ITypeSymbol staticType, IOperation? value)
            => LocalValues.Unawaited(LocalValues.KnownValue(value)) is IObjectCreationOperation { Type: { TypeKind: TypeKind.Class } created }
                ? created
                : staticType;

        private static bool IsQueryableExtension(IMethodSymbol counterpart)
        {
            var definition = counterpart.ReducedFrom ?? counterpart;
            return definition.Parameters.Length > 0 && QueryableOperators.IsQueryable(definition.Parameters[0].Type);
        }

        /// <summary>
        /// <c>if (x is IAsyncDisposable d) return d.DisposeAsync(); x.Dispose();</c>: the call runs only where the receiver
        /// failed a type test against the counterpart's type, so the counterpart does not apply (code written for targets
        /// where the type lacks it).
        /// </summary>
        private static bool ReceiverFailedTypeTest(IInvocationOperation invocation, IMethodSymbol counterpart)
        {
            var receiver = Receiver(invocation)?.WalkDownConversions();
            if (receiver is null || counterpart.IsExtensionMethod)
            {
                return false;
            }

            foreach (var (condition, holds) in PathConditions.Enclosing(invocation))
            {
                // `x is T` false there, or `x is not T` true there: the receiver is not a T on this path.
                if (TestsType(condition, receiver, counterpart.Name, out var negated) && holds == negated)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>x is T</c>, <c>x is T t</c>, <c>x is not T</c> (negated) on the same receiver, T having a member named like the counterpart.</summary>
        private static bool TestsType(IOperation condition, IOperation receiver, string counterpartName, out bool negated)
        {
            negated = false;
            condition = condition.WalkDownConversions()!;
            if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                negated = true;
                condition = not.Operand.WalkDownConversions()!;
            }

            ITypeSymbol? tested = null;
            IOperation? value = null;
            switch (condition)
            {
                case IIsTypeOperation isType:
                    tested = isType.TypeOperand;
                    value = isType.ValueOperand;
                    break;
                case IIsPatternOperation isPattern:
                    value = isPattern.Value;
                    var pattern = isPattern.Pattern;
                    if (pattern is INegatedPatternOperation negatedPattern)
                    {
                        negated = !negated;
                        pattern = negatedPattern.Pattern;
                    }

                    tested = pattern switch
                    {
                        IDeclarationPatternOperation declaration => declaration.MatchedType,
                        ITypePatternOperation typePattern => typePattern.MatchedType,
                        IRecursivePatternOperation recursive => recursive.MatchedType,
                        _ => null,
                    };
                    break;
            }

            return tested != null
                   && value != null
                   && SameReference(value.WalkDownConversions(), receiver)
                   && HasMember(tested, counterpartName);
        }

        /// <summary>The tested type (with its bases and interfaces) has a member of the counterpart's name: the test is about it.</summary>
        private static bool HasMember(ITypeSymbol type, string name)
        {
            foreach (var t in Hierarchy(type))
            {
                if (!t.GetMembers(name).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Two reads of the same local, parameter, or field/property of the same instance.</summary>
        private static bool SameReference(IOperation? a, IOperation? b)
        {
            switch (a)
            {
                case ILocalReferenceOperation localA when b is ILocalReferenceOperation localB:
                    return SymbolEqualityComparer.Default.Equals(localA.Local, localB.Local);
                case IParameterReferenceOperation parameterA when b is IParameterReferenceOperation parameterB:
                    return SymbolEqualityComparer.Default.Equals(parameterA.Parameter, parameterB.Parameter);
                case IMemberReferenceOperation memberA when b is IMemberReferenceOperation memberB:
                    return SymbolEqualityComparer.Default.Equals(memberA.Member, memberB.Member)
                           && (memberA.Instance is null ? memberB.Instance is null : memberA.Instance is IInstanceReferenceOperation ? memberB.Instance is IInstanceReferenceOperation : SameReference(memberA.Instance.WalkDownConversions(), memberB.Instance.WalkDownConversions()));
                default:
                    return false;
            }
        }

        /// <summary>The rewritten call: <c>x.NameAsync&lt;T&gt;(args[, token])</c>, built from the original syntax.</summary>
        public static InvocationExpressionSyntax? Rewrite(InvocationExpressionSyntax syntax, IOperation? conditionalReceiver, string name, string? token, string? tokenParameter = null)
            => RewriteWithReceiver(syntax, conditionalReceiver?.Syntax as ExpressionSyntax, name, token, tokenParameter);

        /// <summary>
        /// The rewritten call, for a call in a conditional access (<c>x?.Name(args)</c>) given the expression the access
        /// tests: <c>x.NameAsync(args[, token])</c>.
        /// </summary>
        public static InvocationExpressionSyntax? RewriteWithReceiver(InvocationExpressionSyntax syntax, ExpressionSyntax? conditionalReceiver, string name, string? token, string? tokenParameter = null)
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
                case MemberBindingExpressionSyntax binding when conditionalReceiver != null:
                    newExpression = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, conditionalReceiver.WithoutTrivia(), Renamed(binding.Name, name));
                    break;
                default:
                    return null;
            }

            // An `in` argument binds to a by-value parameter too once the modifier goes (async members take no `in`).
            var arguments = syntax.ArgumentList;
            if (arguments.Arguments.Any(a => a.RefKindKeyword.IsKind(SyntaxKind.InKeyword)))
            {
                arguments = arguments.WithArguments(SyntaxFactory.SeparatedList(
                    arguments.Arguments.Select(a => a.RefKindKeyword.IsKind(SyntaxKind.InKeyword) ? a.WithRefKindKeyword(default) : a),
                    arguments.Arguments.GetSeparators()));
            }

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
            if (!extensionAsyncNames.Value.Contains(method.Name))
            {
                return false; // no extension method named NameAsync anywhere: the scope lookup could not find one
            }

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
        /// Name for every method NameAsync declared in a type that may hold extension methods, in the compilation or any
        /// assembly it references (a superset of what a scope lookup can find, with "Async" cut off so that the test needs
        /// no string). A scope lookup enumerates every extension in scope, so it is only worth doing for a name in here.
        /// Metadata member names are read without building the methods.
        /// </summary>
        private static HashSet<string> ExtensionAsyncNames(Compilation compilation)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            names.UnionWith(ExtensionAsyncNames(compilation.Assembly));
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.MightContainExtensionMethods)
                {
                    // A metadata reference is the same file for every compilation that uses it (every project of a
                    // build, every edit in the IDE): its names are read once. A project reference is source: read each time.
                    names.UnionWith(assembly.GetMetadata() is { } metadata
                        ? MetadataExtensionAsyncNames.GetValue(metadata, _ => ExtensionAsyncNames(assembly))
                        : ExtensionAsyncNames(assembly));
                }
            }

            return names;
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AssemblyMetadata, string[]> MetadataExtensionAsyncNames
            = new System.Runtime.CompilerServices.ConditionalWeakTable<AssemblyMetadata, string[]>();

        private static string[] ExtensionAsyncNames(IAssemblySymbol assembly)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            Collect(assembly.GlobalNamespace);
            return names.ToArray();

            void Collect(INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    if (member is INamespaceSymbol nested)
                    {
                        Collect(nested);
                    }
                    else if (member is INamedTypeSymbol { MightContainExtensionMethods: true } type)
                    {
                        AddNames(type);
                    }
                }
            }

            void AddNames(INamedTypeSymbol type)
            {
                foreach (var name in type.MemberNames)
                {
                    if (name.Length > "Async".Length && name.EndsWith("Async", StringComparison.Ordinal))
                    {
                        names.Add(name.Substring(0, name.Length - "Async".Length));
                    }
                }

                // Extension blocks (C# 14) are nested in the static class.
                foreach (var nested in type.GetTypeMembers())
                {
                    AddNames(nested);
                }
            }
        }

        /// <summary>
        /// <c>Enumerable.ToList()</c> and friends on a receiver that is not an <c>IQueryable</c>: in memory, whatever
        /// <c>…Async</c> extensions are in scope (EF Core's take an IQueryable). Skips the scope lookup for most LINQ.
        /// </summary>
        private static bool IsLinqToObjects(IMethodSymbol method, ITypeSymbol receiverType)
        {
            if (method.ContainingType is not { Name: "Enumerable" } container || !container.ContainingNamespace.IsNamespace("System.Linq"))
            {
                return false;
            }

            foreach (var implemented in receiverType.AllInterfaces)
            {
                if (implemented.Name == "IQueryable" && implemented.ContainingNamespace.IsNamespace("System.Linq"))
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

            // The tree is in the hash: the per-file entries of one method and receiver would otherwise share one bucket.
            public override int GetHashCode()
                => (((SymbolEqualityComparer.Default.GetHashCode(Method) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(ReceiverType)) * 397)
                   ^ (Tree?.GetHashCode() ?? 0) ^ (int)Shape;
        }
    }
}
