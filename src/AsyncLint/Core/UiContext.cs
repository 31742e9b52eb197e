using System.Collections.Concurrent;
using System.Collections.Generic;
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
        private readonly bool _runsOnOrleansSchedulers;

        private readonly List<INamedTypeSymbol> _uiBaseTypes = new List<INamedTypeSymbol>();
        private readonly INamedTypeSymbol? _notifyPropertyChanged;
        private readonly INamedTypeSymbol? _eventArgs;
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _uiTypes = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        public UiContext(Compilation compilation)
        {
            foreach (var name in UiBaseTypes)
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    _uiBaseTypes.Add(type);
                }
            }

            _runsOnOrleansSchedulers = compilation.GetTypeByMetadataName("Orleans.Runtime.IGrainContext") != null;
            _notifyPropertyChanged = compilation.GetTypeByMetadataName("System.ComponentModel.INotifyPropertyChanged");
            _eventArgs = compilation.GetTypeByMetadataName("System.EventArgs");
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
                            if (SymbolEqualityComparer.Default.Equals(b, ui))
                            {
                                return true;
                            }
                        }
                    }

                    if (_notifyPropertyChanged != null)
                    {
                        foreach (var implemented in current.AllInterfaces)
                        {
                            if (SymbolEqualityComparer.Default.Equals(implemented, _notifyPropertyChanged))
                            {
                                return true;
                            }
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
            if (_runsOnOrleansSchedulers || IsUiType(containingSymbol.ContainingType))
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

        private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
