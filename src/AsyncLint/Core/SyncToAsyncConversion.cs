using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Which synchronous members can become async without breaking a caller: an event handler stays <c>void</c> and
    /// only gains <c>async</c> (the event source never awaited it anyway); a void test method becomes <c>async Task</c>
    /// (every test framework awaits it). Anything else changes a signature that callers depend on.
    /// </summary>
    internal static class SyncToAsyncConversion
    {
        /// <summary><see cref="DiagnosticProperties.AsyncConversion"/> value: add <c>async</c>, keep <c>void</c>.</summary>
        public const string EventHandler = "EventHandler";

        /// <summary><see cref="DiagnosticProperties.AsyncConversion"/> value: <c>void</c> → <c>async Task</c>.</summary>
        public const string TestMethod = "TestMethod";

        private static readonly string[] TestAttributes =
        {
            "FactAttribute", "TheoryAttribute", "TestAttribute", "TestMethodAttribute", "DataTestMethodAttribute",
            "TestCaseAttribute", "TestCaseSourceAttribute", "SkippableFactAttribute", "SkippableTheoryAttribute",
        };

        /// <summary>The conversion that makes <paramref name="function"/> async safely, or null.</summary>
        public static string? For(EnclosingFunction function, KnownTypes types)
        {
            var method = function.Symbol;
            if (function.FunctionOperation != null
                || method.MethodKind != MethodKind.Ordinary
                || !method.ReturnsVoid
                || method.IsAsync)
            {
                return null;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None)
                {
                    return null;
                }
            }

            if (types.IsClassicEventHandler(method))
            {
                return EventHandler;
            }

            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass && System.Array.IndexOf(TestAttributes, attributeClass.Name) >= 0)
                {
                    return TestMethod;
                }
            }

            return null;
        }

        /// <summary>
        /// What a synchronous member that blocks can do instead, when "make it async" is not an option because a contract
        /// fixes its signature (see docs/rules/ASYNC104.md, "Synchronous by contract"): the remedy for the message, or
        /// null when the finding is not worth reporting there.
        /// <list type="bullet">
        /// <item>a constructor: null (it cannot be async; ASYNC105 reports async code that creates the object);</item>
        /// <item><c>Dispose</c>: null when the type is IAsyncDisposable (async callers have DisposeAsync), otherwise
        /// "implement IAsyncDisposable and await the task in DisposeAsync";</item>
        /// <item>an override or interface implementation of a synchronous member: null when the contract has an async twin
        /// (<c>FlushAsync</c> beside <c>Flush</c>) that the type provides (this is then the synchronous half of the pair),
        /// "override/implement the twin" when it does not, "offer an async member beside it" when the contract is this
        /// compilation's and has no twin, and null when it is another assembly's (nothing can be done there).</item>
        /// </list>
        /// In code that runs on a UI thread (a member of a UI type or view model, or a UI framework's contract) a constructor
        /// or a contract nothing can change is reported all the same: the blocked UI thread is the deadlock; the remedy
        /// is to load the value beforehand. <see cref="NotAContract"/> for any other member.
        /// </summary>
        public static string? ContractRemedy(IMethodSymbol member, KnownTypes types, UiContext ui)
        {
            var remedy = ContractRemedy(member, types);
            if (remedy is null && member.MethodKind != MethodKind.StaticConstructor && RunsOnUiThread(member, ui))
            {
                // On a UI thread the blocked thread is the one the awaited work needs: the deadlock itself.
                return "this runs on the UI thread: load the value asynchronously beforehand (in an async event handler or command) and let this member read the result";
            }

            return remedy;
        }

        /// <summary><c>Dispose()</c> or <c>Dispose(bool)</c>: a void method named Dispose.</summary>
        public static bool IsDispose(IMethodSymbol member)
            => member.Name == "Dispose" && member.ReturnsVoid && member.MethodKind == MethodKind.Ordinary;

        private static string? ContractRemedy(IMethodSymbol member, KnownTypes types)
        {
            switch (member.MethodKind)
            {
                case MethodKind.Constructor:
                case MethodKind.StaticConstructor:
                    return null;
            }

            if (IsDispose(member))
            {
                return types.IsAsyncDisposable(member.ContainingType) || HasMember(member.ContainingType, "DisposeAsync")
                    ? null
                    : "'Dispose' is a synchronous contract: implement IAsyncDisposable and await the task in DisposeAsync";
            }

            var contract = SignatureContracts.ContractMember(member);
            if (contract is null)
            {
                return NotAContract;
            }

            if (types.IsObsolete(contract) || (contract.AssociatedSymbol is { } property && types.IsObsolete(property)))
            {
                return null; // an obsolete synchronous contract gets no async twin: its replacement is the async API
            }

            var name = (member.AssociatedSymbol ?? member).Name;
            var contractName = (contract.AssociatedSymbol ?? contract).Name;
            var contractType = contract.ContainingType;
            var kind = contractType.TypeKind == TypeKind.Interface ? "implements" : "overrides";
            var twin = AsyncTwin(contract, types);
            if (twin != null)
            {
                return ProvidesTwin(member.ContainingType, twin)
                    ? null
                    : "'" + name + "' " + kind + " a synchronous member and cannot become async: " + (kind == "implements" ? "implement '" : "override '") + twin.Name + "' too, so that async callers do not block";
            }

            return contractType.DeclaringSyntaxReferences.IsEmpty
                ? null
                : "'" + name + "' " + kind + " the synchronous '" + contractType.Name + "." + contractName + "' and cannot become async: add an async member beside it to '" + contractType.Name + "' and await the task there";
        }

        /// <summary>A member of a UI type or view model, or the implementation of a UI framework's contract (<c>IValueConverter.Convert</c>).</summary>
        private static bool RunsOnUiThread(IMethodSymbol member, UiContext ui)
        {
            if (ui.IsUiType(member.ContainingType))
            {
                return true;
            }

            var contract = SignatureContracts.ContractMember(member);
            var ns = contract?.ContainingType.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            foreach (var framework in UiNamespaces)
            {
                if (ns == framework || ns.StartsWith(framework + ".", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Namespaces of UI frameworks whose contracts (converters, commands, bindings) run on the UI thread.</summary>
        private static readonly string[] UiNamespaces =
        {
            "System.Windows", "Microsoft.UI.Xaml", "Windows.UI.Xaml", "Microsoft.Maui", "Xamarin.Forms", "Avalonia",
        };

        /// <summary><see cref="ContractRemedy(IMethodSymbol, KnownTypes, UiContext)"/>'s answer for a member no contract constrains.</summary>
        public const string NotAContract = "";

        /// <summary><c>NameAsync</c> on the contract's type or its bases (base interfaces), returning a task: the contract's async twin.</summary>
        private static IMethodSymbol? AsyncTwin(IMethodSymbol contract, KnownTypes types)
        {
            var twinName = (contract.AssociatedSymbol ?? contract).Name + "Async";
            var type = contract.ContainingType;
            var candidates = type.TypeKind == TypeKind.Interface ? Prepend(type, type.AllInterfaces) : BaseTypes(type);
            foreach (var candidateType in candidates)
            {
                foreach (var member in candidateType.GetMembers(twinName))
                {
                    if (member is IMethodSymbol twin && twin.IsStatic == contract.IsStatic && types.IsTaskLike(twin.ReturnType) && !types.IsObsolete(twin))
                    {
                        return twin;
                    }
                }
            }

            return null;
        }

        /// <summary>The type (or a base type below the twin's) declares its own implementation of <paramref name="twin"/>.</summary>
        private static bool ProvidesTwin(INamedTypeSymbol type, IMethodSymbol twin)
        {
            if (twin.ContainingType.TypeKind == TypeKind.Interface)
            {
                return type.FindImplementationForInterfaceMember(twin) is IMethodSymbol { IsAbstract: false } implementation
                       && !SymbolEqualityComparer.Default.Equals(implementation, twin);
            }

            for (var current = type; current != null && !SymbolEqualityComparer.Default.Equals(current, twin.ContainingType); current = current.BaseType)
            {
                foreach (var member in current.GetMembers(twin.Name))
                {
                    if (member is IMethodSymbol { IsOverride: true, IsAbstract: false })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasMember(INamedTypeSymbol type, string name)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (!current.GetMembers(name).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> BaseTypes(INamedTypeSymbol type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                yield return current;
            }
        }

        private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> Prepend(INamedTypeSymbol first, System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> rest)
        {
            yield return first;
            foreach (var type in rest)
            {
                yield return type;
            }
        }

        /// <summary>
        /// The host's builder types: registration code that takes one runs once, at startup, inside a synchronous
        /// framework contract (<c>ConfigureServices</c>, <c>Map…</c>, a registration callback), so it cannot await.
        /// </summary>
        private static readonly string[] StartupBuilders =
        {
            "Microsoft.Extensions.DependencyInjection.IServiceCollection",
            "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder",
            "Microsoft.AspNetCore.Builder.IApplicationBuilder",
            "Microsoft.Extensions.Hosting.IHostBuilder",
            "Microsoft.Extensions.Hosting.IHostApplicationBuilder",
            "Microsoft.AspNetCore.Hosting.IWebHostBuilder",
        };

        /// <summary>
        /// Startup registration: a method whose first parameter is the host's builder, or a type that implements one
        /// (<c>AddConsumers(this IRegistrationConfigurator …)</c>, MassTransit's configurator is an IServiceCollection;
        /// <c>GetOrCreateDataSource(IEndpointRouteBuilder)</c> in YARP's <c>MapReverseProxy</c>). Blocking there is the only
        /// option and costs one wait at startup.
        /// </summary>
        public static bool IsStartupRegistration(IMethodSymbol method)
        {
            if (method.Parameters.IsEmpty || method.Parameters[0].Type is not INamedTypeSymbol type)
            {
                return false;
            }

            if (IsStartupBuilder(type))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (IsStartupBuilder(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsStartupBuilder(INamedTypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Interface || !type.Name.EndsWith("Builder", System.StringComparison.Ordinal) && type.Name != "IServiceCollection")
            {
                return false;
            }

            var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
            return System.Array.IndexOf(StartupBuilders, name) >= 0;
        }

        /// <summary>
        /// <c>void Flush() =&gt; FlushAsync().GetAwaiter().GetResult();</c>: the synchronous half of a sync/async pair, blocking
        /// on its own twin (<c>NameAsync</c> of its type or a base) for synchronous callers. Making it async would only
        /// duplicate the twin; async callers are ASYNC105's to send to the twin.
        /// </summary>
        public static bool WaitsForOwnAsyncTwin(IOperation? task, IMethodSymbol member)
        {
            if (member.MethodKind != MethodKind.Ordinary
                || TaskCompletion.StripTaskWrappers(task) is not IInvocationOperation { TargetMethod: var twin }
                || twin.Name != member.Name + "Async")
            {
                return false;
            }

            for (var type = member.ContainingType; type != null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, twin.ContainingType.OriginalDefinition) || SymbolEqualityComparer.Default.Equals(type, twin.ContainingType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An action of an ASP.NET Core controller or a SignalR hub method: public, but called by the framework, which
        /// awaits a returned task, so it can become async whatever kind of project declares it (Sonarr's API controllers
        /// live in a class library).
        /// </summary>
        public static bool IsFrameworkInvokedAction(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsStatic)
            {
                return false;
            }

            for (var type = method.ContainingType.BaseType; type != null; type = type.BaseType)
            {
                if ((type.Name == "ControllerBase" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Mvc")
                    || (type.Name == "Hub" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.SignalR"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A <c>static Main</c> or the synthesized entry point of top-level statements.</summary>
        public static bool IsEntryPointLike(IMethodSymbol method)
            => method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$");

        /// <summary>"synchronous method 'Load'", "property 'Value'", "synchronous lambda"…: for messages.</summary>
        public static string Describe(EnclosingFunction function)
        {
            var method = function.Symbol;
            switch (method.MethodKind)
            {
                case MethodKind.AnonymousFunction:
                    return "synchronous lambda";
                case MethodKind.LocalFunction:
                    return "synchronous local function '" + method.Name + "'";
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                    return "property '" + method.AssociatedSymbol?.Name + "'";
                case MethodKind.Constructor:
                case MethodKind.StaticConstructor:
                    return "constructor of '" + method.ContainingType.Name + "'";
                default:
                    return "synchronous method '" + method.Name + "'";
            }
        }
    }
}
