namespace AsyncLint
{
    /// <summary>Every AsyncLint diagnostic ID, in catalog order. IDs are never reused.</summary>
    public static class RuleIds
    {
        public const string BlockingWait = "ASYNC101";
        public const string ThreadSleep = "ASYNC102";
        public const string BlockingPrimitive = "ASYNC103";
        public const string SyncOverAsync = "ASYNC104";
        public const string TransitiveBlocking = "ASYNC105";
    }
}
