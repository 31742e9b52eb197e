namespace AsyncLint
{
    /// <summary>Diagnostic categories: one per rule family (see docs/README.md).</summary>
    internal static class Categories
    {
        public const string Blocking = "AsyncLint.Blocking";
        public const string SynchronousIO = "AsyncLint.SynchronousIO";
        public const string AsyncVoid = "AsyncLint.AsyncVoid";
        public const string CpuBound = "AsyncLint.CpuBound";
        public const string Hygiene = "AsyncLint.Hygiene";

        /// <summary>ASYNC0xx: AsyncLint's own configuration and baseline, not a concept family.</summary>
        public const string Configuration = "AsyncLint.Configuration";
    }
}
