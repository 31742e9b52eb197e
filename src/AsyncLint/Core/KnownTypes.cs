using System.Linq;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// The task and threading types AsyncLint reasons about, resolved once per compilation; reach it through
    /// <see cref="CompilationContext.Types"/>.
    /// </summary>
    internal sealed class KnownTypes
    {
        internal KnownTypes(Compilation compilation, INamedTypeSymbol task)
        {
            Compilation = compilation;
            Task = task;
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
            TaskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
            TaskStatus = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskStatus");
            ConfiguredTaskAwaitable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            ConfiguredValueTaskAwaitable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
            ConfiguredValueTaskAwaitableOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            ThreadingTimer = compilation.GetTypeByMetadataName("System.Threading.Timer");
            TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
            IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            DisposeAsync = IAsyncDisposable?.GetMembers("DisposeAsync").FirstOrDefault() as IMethodSymbol;
            IAsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
            IEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IEnumerable`1");
            ObsoleteAttribute = compilation.GetTypeByMetadataName("System.ObsoleteAttribute");
            AsyncMethodBuilderAttribute = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.AsyncMethodBuilderAttribute");
            HasTaskWaitAsync = !Task.GetMembers("WaitAsync").IsEmpty;
            EventArgs = compilation.GetTypeByMetadataName("System.EventArgs");
            Parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
            ListOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
        }

        public Compilation Compilation { get; }
        public INamedTypeSymbol Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? TaskFactoryOfT { get; }
        public INamedTypeSymbol? TaskStatus { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? Thread { get; }

        /// <summary><c>System.Threading.Timer</c>, whose callback is fire-and-forget by design.</summary>
        public INamedTypeSymbol? ThreadingTimer { get; }
        public INamedTypeSymbol? TimeSpan { get; }
        public INamedTypeSymbol? IAsyncDisposable { get; }

        /// <summary><c>IAsyncDisposable.DisposeAsync</c>.</summary>
        public IMethodSymbol? DisposeAsync { get; }
        public INamedTypeSymbol? IAsyncEnumerableOfT { get; }
        public INamedTypeSymbol? IEnumerableOfT { get; }
        public INamedTypeSymbol? ObsoleteAttribute { get; }
        public INamedTypeSymbol? AsyncMethodBuilderAttribute { get; }

        public INamedTypeSymbol? EventArgs { get; }
        public INamedTypeSymbol? Parallel { get; }
        public INamedTypeSymbol? ListOfT { get; }

        /// <summary>Whether <c>Task.WaitAsync</c> exists (.NET 6 and later): fixes that need it are offered only then.</summary>
        public bool HasTaskWaitAsync { get; }

        /// <summary>Task, Task&lt;T&gt;, or a type derived from them.</summary>
        public bool IsTask(ITypeSymbol? type)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, Task) || SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, TaskOfT))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Task&lt;T&gt; (or derived), with its result type.</summary>
        public bool IsGenericTask(ITypeSymbol? type)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, TaskOfT))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsValueTask(ITypeSymbol? type)
        {
            var original = type?.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(original, ValueTask) || SymbolEqualityComparer.Default.Equals(original, ValueTaskOfT);
        }

        /// <summary>Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;.</summary>
        public bool IsTaskOrValueTask(ITypeSymbol? type) => IsTask(type) || IsValueTask(type);

        /// <summary>A type an <c>async</c> method may return: the task family or a type with [AsyncMethodBuilder].</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            if (IsTaskOrValueTask(type))
            {
                return true;
            }

            if (AsyncMethodBuilderAttribute is null || type is not INamedTypeSymbol named)
            {
                return false;
            }

            foreach (var attribute in named.OriginalDefinition.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, AsyncMethodBuilderAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>Task&lt;Task&gt;</c> or <c>Task&lt;Task&lt;T&gt;&gt;</c> (a task whose result is another task).</summary>
        public bool IsNestedTask(ITypeSymbol? type)
            => type is INamedTypeSymbol { TypeArguments.Length: 1 } named
               && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, TaskOfT)
               && IsTask(named.TypeArguments[0]);

        /// <summary>A configured awaitable: the result of <c>ConfigureAwait</c> on a task or value task.</summary>
        public bool IsConfiguredAwaitable(ITypeSymbol? type)
        {
            var original = type?.OriginalDefinition;
            return original != null
                && (SymbolEqualityComparer.Default.Equals(original, ConfiguredTaskAwaitable)
                    || SymbolEqualityComparer.Default.Equals(original, ConfiguredTaskAwaitableOfT)
                    || SymbolEqualityComparer.Default.Equals(original, ConfiguredValueTaskAwaitable)
                    || SymbolEqualityComparer.Default.Equals(original, ConfiguredValueTaskAwaitableOfT));
        }

        /// <summary>Implements <see cref="System.IAsyncDisposable"/> (or is it).</summary>
        public bool IsAsyncDisposable(ITypeSymbol? type)
        {
            if (type is null || IAsyncDisposable is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, IAsyncDisposable))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, IAsyncDisposable))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>System.EventArgs or a type derived from it.</summary>
        public bool IsEventArgs(ITypeSymbol? type)
        {
            for (var t = type as INamedTypeSymbol; t != null && EventArgs != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, EventArgs))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Carries [Obsolete], itself or through its containing type (or, for an extension call, the static method).</summary>
        public bool IsObsolete(ISymbol symbol)
        {
            if (ObsoleteAttribute is null)
            {
                return false;
            }

            for (ISymbol? current = symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol; current != null; current = current.ContainingType)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ObsoleteAttribute))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The type <c>await</c> yields for an awaitable of <paramref name="type"/> (void for Task/ValueTask), found through
        /// <c>GetAwaiter().GetResult()</c>; null when the type is not awaitable this way.
        /// </summary>
        public ITypeSymbol? AwaitedType(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            if (IsGenericTask(named) || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ValueTaskOfT))
            {
                for (var t = named; t != null; t = t.BaseType)
                {
                    if (t.IsGenericType && t.TypeArguments.Length == 1
                        && (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, TaskOfT) || SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, ValueTaskOfT)))
                    {
                        return t.TypeArguments[0];
                    }
                }
            }

            foreach (var member in named.GetMembers("GetAwaiter"))
            {
                if (member is IMethodSymbol { Parameters.IsEmpty: true, IsStatic: false } getAwaiter)
                {
                    foreach (var result in getAwaiter.ReturnType.GetMembers("GetResult"))
                    {
                        if (result is IMethodSymbol { Parameters.IsEmpty: true } getResult)
                        {
                            return getResult.ReturnType;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The shape of an event handler: two parameters, the second an EventArgs (WinForms, WPF, custom delegates), or the
        /// first named <c>sender</c> (<c>EventHandler&lt;T&gt;</c> with any T, WinRT handlers whose args do not derive from EventArgs).
        /// </summary>
        public bool IsEventHandlerShape(IMethodSymbol method)
            => method.Parameters.Length == 2
               && (IsEventArgs(method.Parameters[1].Type) || method.Parameters[0].Name == "sender");

        /// <summary>
        /// The strict form: <c>void (object sender, TEventArgs e)</c> with TEventArgs an EventArgs. Used where a fix turns a
        /// synchronous member into <c>async void</c>, which is only safe for a real event handler.
        /// </summary>
        public bool IsClassicEventHandler(IMethodSymbol method)
            => method.ReturnsVoid
               && method.Parameters.Length == 2
               && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
               && IsEventArgs(method.Parameters[1].Type);

        public bool IsCancellationToken(ITypeSymbol? type) => type != null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);
    }
}
