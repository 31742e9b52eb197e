using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Locks owned by the thread that took them (Monitor, ReaderWriterLockSlim, Mutex): releasing them from another thread
    /// throws, which is what happens when an async method awaits while holding one and resumes elsewhere. Part of the
    /// blocking catalogue (<see cref="BlockingCatalogue.Locks"/>).
    /// </summary>
    internal sealed class ThreadAffineLocks
    {
        private readonly INamedTypeSymbol? _monitor;
        private readonly INamedTypeSymbol? _readerWriterLockSlim;
        private readonly INamedTypeSymbol? _mutex;

        internal ThreadAffineLocks(Compilation compilation)
        {
            _monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
            _readerWriterLockSlim = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
            _mutex = compilation.GetTypeByMetadataName("System.Threading.Mutex");
        }

        /// <summary>The name of the method that releases the lock <paramref name="invocation"/> takes, or null if it takes none.</summary>
        public string? ReleaseFor(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Enter":
                case "TryEnter":
                    return SymbolEqualityComparer.Default.Equals(method.ContainingType, _monitor) ? "Exit" : null;
                case "EnterReadLock":
                case "TryEnterReadLock":
                    return IsReaderWriterLock(method) ? "ExitReadLock" : null;
                case "EnterWriteLock":
                case "TryEnterWriteLock":
                    return IsReaderWriterLock(method) ? "ExitWriteLock" : null;
                case "EnterUpgradeableReadLock":
                case "TryEnterUpgradeableReadLock":
                    return IsReaderWriterLock(method) ? "ExitUpgradeableReadLock" : null;
                case "WaitOne":
                    return _mutex != null && DerivesFromMutex(invocation.Instance?.Type) ? "ReleaseMutex" : null;
                default:
                    return null;
            }
        }

        private bool IsReaderWriterLock(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingType, _readerWriterLockSlim);

        private bool DerivesFromMutex(ITypeSymbol? type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, _mutex))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
