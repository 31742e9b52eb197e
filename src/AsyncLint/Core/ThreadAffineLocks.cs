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
        private readonly LazyType _monitor;
        private readonly LazyType _readerWriterLockSlim;
        private readonly LazyType _mutex;

        internal ThreadAffineLocks(Compilation compilation)
        {
            _monitor = new LazyType(compilation, "System.Threading.Monitor");
            _readerWriterLockSlim = new LazyType(compilation, "System.Threading.ReaderWriterLockSlim");
            _mutex = new LazyType(compilation, "System.Threading.Mutex");
        }

        /// <summary>The name of the method that releases the lock <paramref name="invocation"/> takes, or null if it takes none.</summary>
        public string? ReleaseFor(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Enter":
                case "TryEnter":
                    return _monitor.Is(method.ContainingType) ? "Exit" : null;
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
                    return DerivesFromMutex(invocation.Instance?.Type) ? "ReleaseMutex" : null;
                default:
                    return null;
            }
        }

        private bool IsReaderWriterLock(IMethodSymbol method) => _readerWriterLockSlim.Is(method.ContainingType);

        private bool DerivesFromMutex(ITypeSymbol? type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (_mutex.Is(current))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
