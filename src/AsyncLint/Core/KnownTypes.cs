using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// The task and threading types AsyncLint reasons about, resolved once per compilation; reach it through
    /// <see cref="CompilationContext.Types"/>.
    /// </summary>
    internal sealed class KnownTypes
    {
        // Every type but Task is resolved on first use (LazyType): most compilations never ask for most of them.
        private readonly LazyType _taskOfT;
        private readonly LazyType _valueTask;
        private readonly LazyType _valueTaskOfT;
        private readonly LazyType _taskFactory;
        private readonly LazyType _taskFactoryOfT;
        private readonly LazyType _taskStatus;
        private readonly LazyType _configuredTaskAwaitable;
        private readonly LazyType _configuredTaskAwaitableOfT;
        private readonly LazyType _configuredValueTaskAwaitable;
        private readonly LazyType _configuredValueTaskAwaitableOfT;
        private readonly LazyType _cancellationToken;
        private readonly LazyType _thread;
        private readonly LazyType _threadingTimer;
        private readonly LazyType _timeSpan;
        private readonly LazyType _iAsyncDisposable;
        private readonly LazyType _iAsyncEnumerableOfT;
        private readonly LazyType _iEnumerableOfT;
        private readonly LazyType _obsoleteAttribute;
        private readonly LazyType _asyncMethodBuilderAttribute;
        private readonly LazyType _eventArgs;
        private readonly LazyType _parallel;
        private readonly LazyType _listOfT;
        private readonly Lazy<IMethodSymbol?> _disposeAsync;
        private readonly Lazy<bool> _hasTaskWaitAsync;

        internal KnownTypes(Compilation compilation, INamedTypeSymbol task)
        {
            Compilation = compilation;
            Task = task;
            _taskOfT = new LazyType(compilation, "System.Threading.Tasks.Task`1");
            _valueTask = new LazyType(compilation, "System.Threading.Tasks.ValueTask");
            _valueTaskOfT = new LazyType(compilation, "System.Threading.Tasks.ValueTask`1");
            _taskFactory = new LazyType(compilation, "System.Threading.Tasks.TaskFactory");
            _taskFactoryOfT = new LazyType(compilation, "System.Threading.Tasks.TaskFactory`1");
            _taskStatus = new LazyType(compilation, "System.Threading.Tasks.TaskStatus");
            _configuredTaskAwaitable = new LazyType(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            _configuredTaskAwaitableOfT = new LazyType(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            _configuredValueTaskAwaitable = new LazyType(compilation, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
            _configuredValueTaskAwaitableOfT = new LazyType(compilation, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
            _cancellationToken = new LazyType(compilation, "System.Threading.CancellationToken");
            _thread = new LazyType(compilation, "System.Threading.Thread");
            _threadingTimer = new LazyType(compilation, "System.Threading.Timer");
            _timeSpan = new LazyType(compilation, "System.TimeSpan");
            _iAsyncDisposable = new LazyType(compilation, "System.IAsyncDisposable");
            _iAsyncEnumerableOfT = new LazyType(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
            _iEnumerableOfT = new LazyType(compilation, "System.Collections.Generic.IEnumerable`1");
            _obsoleteAttribute = new LazyType(compilation, "System.ObsoleteAttribute");
            _asyncMethodBuilderAttribute = new LazyType(compilation, "System.Runtime.CompilerServices.AsyncMethodBuilderAttribute");
            _eventArgs = new LazyType(compilation, "System.EventArgs");
            _parallel = new LazyType(compilation, "System.Threading.Tasks.Parallel");
            _listOfT = new LazyType(compilation, "System.Collections.Generic.List`1");
            _disposeAsync = new Lazy<IMethodSymbol?>(() => IAsyncDisposable?.GetMembers("DisposeAsync").FirstOrDefault() as IMethodSymbol, LazyThreadSafetyMode.PublicationOnly);
            _hasTaskWaitAsync = new Lazy<bool>(() => !task.GetMembers("WaitAsync").IsEmpty, LazyThreadSafetyMode.PublicationOnly);
        }

        public Compilation Compilation { get; }
        public INamedTypeSymbol Task { get; }
        public INamedTypeSymbol? TaskOfT => _taskOfT.Type;
        public INamedTypeSymbol? ValueTask => _valueTask.Type;
        public INamedTypeSymbol? ValueTaskOfT => _valueTaskOfT.Type;
        public INamedTypeSymbol? TaskFactory => _taskFactory.Type;
        public INamedTypeSymbol? TaskFactoryOfT => _taskFactoryOfT.Type;
        public INamedTypeSymbol? TaskStatus => _taskStatus.Type;
        public INamedTypeSymbol? ConfiguredTaskAwaitable => _configuredTaskAwaitable.Type;
        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT => _configuredTaskAwaitableOfT.Type;
        public INamedTypeSymbol? ConfiguredValueTaskAwaitable => _configuredValueTaskAwaitable.Type;
        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT => _configuredValueTaskAwaitableOfT.Type;
        public INamedTypeSymbol? CancellationToken => _cancellationToken.Type;
        public INamedTypeSymbol? Thread => _thread.Type;

        /// <summary><c>System.Threading.Timer</c>, whose callback is fire-and-forget by design.</summary>
        public INamedTypeSymbol? ThreadingTimer => _threadingTimer.Type;
        public INamedTypeSymbol? TimeSpan => _timeSpan.Type;
        public INamedTypeSymbol? IAsyncDisposable => _iAsyncDisposable.Type;

        /// <summary><c>IAsyncDisposable.DisposeAsync</c>.</summary>
        public IMethodSymbol? DisposeAsync => _disposeAsync.Value;
        public INamedTypeSymbol? IAsyncEnumerableOfT => _iAsyncEnumerableOfT.Type;
        public INamedTypeSymbol? IEnumerableOfT => _iEnumerableOfT.Type;
        public INamedTypeSymbol? ObsoleteAttribute => _obsoleteAttribute.Type;
        public INamedTypeSymbol? AsyncMethodBuilderAttribute => _asyncMethodBuilderAttribute.Type;
        public INamedTypeSymbol? EventArgs => _eventArgs.Type;
        public INamedTypeSymbol? Parallel => _parallel.Type;
        public INamedTypeSymbol? ListOfT => _listOfT.Type;

        /// <summary>Whether <c>Task.WaitAsync</c> exists (.NET 6 and later): fixes that need it are offered only then.</summary>
        public bool HasTaskWaitAsync => _hasTaskWaitAsync.Value;

        /// <summary>Task, Task&lt;T&gt;, or a type derived from them.</summary>
        public bool IsTask(ITypeSymbol? type)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, Task) || _taskOfT.Is(t.OriginalDefinition))
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
                if (_taskOfT.Is(t.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsValueTask(ITypeSymbol? type)
        {
            var original = type?.OriginalDefinition;
            return _valueTask.Is(original) || _valueTaskOfT.Is(original);
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

            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            foreach (var attribute in named.OriginalDefinition.GetAttributes())
            {
                if (_asyncMethodBuilderAttribute.Is(attribute.AttributeClass))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>Task&lt;Task&gt;</c> or <c>Task&lt;Task&lt;T&gt;&gt;</c> (a task whose result is another task).</summary>
        public bool IsNestedTask(ITypeSymbol? type)
            => type is INamedTypeSymbol { TypeArguments.Length: 1 } named
               && _taskOfT.Is(named.OriginalDefinition)
               && IsTask(named.TypeArguments[0]);

        /// <summary>A configured awaitable: the result of <c>ConfigureAwait</c> on a task or value task.</summary>
        public bool IsConfiguredAwaitable(ITypeSymbol? type)
        {
            var original = type?.OriginalDefinition;
            return original != null
                && (_configuredTaskAwaitable.Is(original)
                    || _configuredTaskAwaitableOfT.Is(original)
                    || _configuredValueTaskAwaitable.Is(original)
                    || _configuredValueTaskAwaitableOfT.Is(original));
        }

        /// <summary>Implements <see cref="System.IAsyncDisposable"/> (or is it).</summary>
        public bool IsAsyncDisposable(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (_iAsyncDisposable.Is(type))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (_iAsyncDisposable.Is(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>System.EventArgs or a type derived from it.</summary>
        public bool IsEventArgs(ITypeSymbol? type)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (_eventArgs.Is(t))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Carries [Obsolete], itself or through its containing type (or, for an extension call, the static method).</summary>
        public bool IsObsolete(ISymbol symbol)
        {
            for (ISymbol? current = symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol; current != null; current = current.ContainingType)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    if (_obsoleteAttribute.Is(attribute.AttributeClass))
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

        public bool IsCancellationToken(ITypeSymbol? type) => _cancellationToken.Is(type);
    }
}
