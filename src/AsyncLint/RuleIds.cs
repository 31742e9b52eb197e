namespace AsyncLint
{
    /// <summary>Every AsyncLint diagnostic ID, in catalog order. IDs are never reused.</summary>
    public static class RuleIds
    {
        public const string BlockingWait = "ASYNC101";
        public const string ThreadSleep = "ASYNC102";
        public const string SynchronousIO = "ASYNC201";
        public const string AwaitUsing = "ASYNC202";
    }
}
