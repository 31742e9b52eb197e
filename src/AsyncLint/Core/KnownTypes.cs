using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// The task and threading types AsyncLint reasons about, resolved once per compilation.
    /// Create it in a compilation-start action; <see cref="TryCreate"/> fails when the compilation has no
    /// <c>System.Threading.Tasks.Task</c>, and then an analyzer registers nothing.
    /// </summary>
    internal sealed class KnownTypes
    {
        private KnownTypes(Compilation compilation, INamedTypeSymbol task)
        {
            Compilation = compilation;
            Task = task;
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
            TaskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
            TaskStatus = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskStatus");
            TaskAwaiter = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter");
            TaskAwaiterOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter`1");
            ValueTaskAwaiter = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter");
            ValueTaskAwaiterOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter`1");
            ConfiguredTaskAwaitable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            ConfiguredValueTaskAwaitable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
            ConfiguredValueTaskAwaitableOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
            ConfiguredTaskAwaiter = ConfiguredTaskAwaitable?.GetTypeMembers("ConfiguredTaskAwaiter").FirstOrDefaultSafe();
            ConfiguredTaskAwaiterOfT = ConfiguredTaskAwaitableOfT?.GetTypeMembers("ConfiguredTaskAwaiter").FirstOrDefaultSafe();
            ConfiguredValueTaskAwaiter = ConfiguredValueTaskAwaitable?.GetTypeMembers("ConfiguredValueTaskAwaiter").FirstOrDefaultSafe();
            ConfiguredValueTaskAwaiterOfT = ConfiguredValueTaskAwaitableOfT?.GetTypeMembers("ConfiguredValueTaskAwaiter").FirstOrDefaultSafe();
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
            IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            IAsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
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
        public INamedTypeSymbol? TaskAwaiter { get; }
        public INamedTypeSymbol? TaskAwaiterOfT { get; }
        public INamedTypeSymbol? ValueTaskAwaiter { get; }
        public INamedTypeSymbol? ValueTaskAwaiterOfT { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaiter { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaiterOfT { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaiter { get; }
        public INamedTypeSymbol? ConfiguredValueTaskAwaiterOfT { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? Thread { get; }
        public INamedTypeSymbol? TimeSpan { get; }
        public INamedTypeSymbol? IAsyncDisposable { get; }
        public INamedTypeSymbol? IAsyncEnumerableOfT { get; }
        public INamedTypeSymbol? AsyncMethodBuilderAttribute { get; }

        public INamedTypeSymbol? EventArgs { get; }
        public INamedTypeSymbol? Parallel { get; }
        public INamedTypeSymbol? ListOfT { get; }

        /// <summary>Whether <c>Task.WaitAsync</c> exists (.NET 6 and later): fixes that need it are offered only then.</summary>
        public bool HasTaskWaitAsync { get; }

        public static KnownTypes? TryCreate(Compilation compilation)
        {
            var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            return task is null ? null : new KnownTypes(compilation, task);
        }

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

        /// <summary>The awaiter of a task, value task or configured awaitable (what <c>GetAwaiter()</c> returns).</summary>
        public bool IsTaskAwaiter(ITypeSymbol? type)
        {
            var original = type?.OriginalDefinition;
            return original != null
                && (SymbolEqualityComparer.Default.Equals(original, TaskAwaiter)
                    || SymbolEqualityComparer.Default.Equals(original, TaskAwaiterOfT)
                    || SymbolEqualityComparer.Default.Equals(original, ValueTaskAwaiter)
                    || SymbolEqualityComparer.Default.Equals(original, ValueTaskAwaiterOfT)
                    || SymbolEqualityComparer.Default.Equals(original, ConfiguredTaskAwaiter)
                    || SymbolEqualityComparer.Default.Equals(original, ConfiguredTaskAwaiterOfT)
                    || SymbolEqualityComparer.Default.Equals(original, ConfiguredValueTaskAwaiter)
                    || SymbolEqualityComparer.Default.Equals(original, ConfiguredValueTaskAwaiterOfT));
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

        /// <summary>
        /// The shape of an event handler: two parameters, the second an EventArgs (WinForms, WPF, custom delegates), or the
        /// first named <c>sender</c> (<c>EventHandler&lt;T&gt;</c> with any T, WinRT handlers whose args do not derive from EventArgs).
        /// </summary>
        public bool IsEventHandlerShape(IMethodSymbol method)
            => method.Parameters.Length == 2
               && (IsEventArgs(method.Parameters[1].Type) || method.Parameters[0].Name == "sender");

        public bool IsCancellationToken(ITypeSymbol? type) => type != null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);
    }
}
