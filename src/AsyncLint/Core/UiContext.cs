using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Answers "does this code run on a UI thread that offloading frees?" (or another single-threaded scheduler: Orleans'):
    /// members of UI framework types (matched by
    /// metadata name, so no reference to the framework is needed) and of view models (<c>INotifyPropertyChanged</c>),
    /// event handlers (the <c>(object, EventArgs)</c> shape, a lambda subscribed with <c>+=</c>), <c>async void</c>
    /// methods, and a console <c>Main</c>. Create once per compilation; results per type are cached.
    /// </summary>
    internal sealed class UiContext
    {
        /// <summary>Base types whose subclasses live on a UI thread.</summary>
        private static readonly string[] UiBaseTypes =
        {
            "System.Windows.Forms.Control",                 // WinForms
            "System.Windows.Threading.DispatcherObject",    // WPF
            "Microsoft.Maui.Controls.BindableObject",       // MAUI
            "Xamarin.Forms.BindableObject",                 // Xamarin.Forms
            "Avalonia.AvaloniaObject",                      // Avalonia
            "Microsoft.UI.Xaml.DependencyObject",           // WinUI 3
            "Windows.UI.Xaml.DependencyObject",             // UWP
            "Microsoft.AspNetCore.Components.ComponentBase", // Blazor: the renderer's synchronization context
        };

        /// <summary>
        /// A project on Orleans (it sees <c>Orleans.Runtime.IGrainContext</c>): grain calls and the silo's lifecycle stages run
        /// on Orleans' single-threaded schedulers (<c>TaskScheduler.Current</c> is not the default), and <c>Task.Run</c> is
        /// the documented way to leave them, as it leaves a UI thread.
        /// </summary>
        private readonly LazyType _orleansGrainContext;

        // Resolved on first use, and a type is compared with them only when it has their name: most compilations have none of them.
        private readonly LazyType[] _uiBaseTypes;
        private readonly LazyType _notifyPropertyChanged;
        private readonly LazyType _eventArgs;
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _uiTypes = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        public UiContext(Compilation compilation)
        {
            _uiBaseTypes = UiBaseTypes.Select(name => new LazyType(compilation, name)).ToArray();
            _orleansGrainContext = new LazyType(compilation, "Orleans.Runtime.IGrainContext");
            _notifyPropertyChanged = new LazyType(compilation, "System.ComponentModel.INotifyPropertyChanged");
            _eventArgs = new LazyType(compilation, "System.EventArgs");
        }

        /// <summary>A UI framework type, a subclass of one, or a view model.</summary>
        public bool IsUiType(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            return _uiTypes.GetOrAdd(type, t =>
            {
                for (var current = t; current != null; current = current.ContainingType)
                {
                    for (var b = current; b != null; b = b.BaseType)
                    {
                        foreach (var ui in _uiBaseTypes)
                        {
                            if (ui.Is(b))
                            {
                                return true;
                            }
                        }
                    }

                    foreach (var implemented in current.AllInterfaces)
                    {
                        if (_notifyPropertyChanged.Is(implemented))
                        {
                            return true;
                        }
                    }
                }

                return false;
            });
        }

        /// <summary>
        /// Whether <paramref name="operation"/> sits on the UI caller side: in a UI type, or in a function (or inside a
        /// lambda of a function) that is an event handler, <c>async void</c>, or a console entry point; or anywhere in a
        /// project on Orleans, whose code runs on single-threaded schedulers that offloading leaves.
        /// </summary>
        public bool IsUiCallerSide(IOperation operation, ISymbol containingSymbol)
        {
            if (_orleansGrainContext.Type != null || IsUiType(containingSymbol.ContainingType))
            {
                return true;
            }

            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda:
                        if (IsHandlerLike(lambda.Symbol) || IsSubscribedToEvent(lambda))
                        {
                            return true;
                        }

                        break;
                    case ILocalFunctionOperation local:
                        if (IsHandlerLike(local.Symbol))
                        {
                            return true;
                        }

                        break;
                }
            }

            return containingSymbol is IMethodSymbol method && (IsHandlerLike(method) || IsEntryPoint(method));
        }

        /// <summary><c>async void</c>, or the <c>(object, EventArgs-derived)</c> shape.</summary>
        public bool IsHandlerLike(IMethodSymbol method)
        {
            if (method.IsAsync && method.ReturnsVoid)
            {
                return true;
            }

            var parameters = method.Parameters;
            return parameters.Length == 2
                && parameters[0].Type.SpecialType == SpecialType.System_Object
                && DerivesFrom(parameters[1].Type, _eventArgs);
        }

        private static bool IsEntryPoint(IMethodSymbol method)
            => method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$");

        private static bool IsSubscribedToEvent(IAnonymousFunctionOperation lambda)
        {
            var parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is IEventAssignmentOperation;
        }

        private static bool DerivesFrom(ITypeSymbol type, LazyType baseType)
        {
            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (baseType.Is(t))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
