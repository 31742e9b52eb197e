namespace AsyncLint
{
    /// <summary>Every AsyncLint diagnostic ID, in catalog order. IDs are never reused.</summary>
    public static class RuleIds
    {
        // ASYNC0xx: configuration and baseline problems, outside the concept families (docs/configuration.md).
        public const string InvalidConfiguration = "ASYNC001";
        public const string StaleBaselineEntry = "ASYNC002";

        public const string BlockingWait = "ASYNC101";
        public const string ThreadSleep = "ASYNC102";
        public const string BlockingPrimitive = "ASYNC103";
        public const string SyncOverAsync = "ASYNC104";
        public const string TransitiveBlocking = "ASYNC105";
        public const string SynchronousIO = "ASYNC201";
        public const string AwaitUsing = "ASYNC202";
        public const string AsyncVoid = "ASYNC301";
        public const string AsyncLambdaToVoidDelegate = "ASYNC302";
        public const string UnobservedTask = "ASYNC303";
        public const string TaskEscapesScope = "ASYNC304";
        public const string NullTaskReturn = "ASYNC305";
        public const string AsyncOverSync = "ASYNC401";
        public const string TaskRunAroundAsync = "ASYNC402";
        public const string LostInnerTask = "ASYNC403";
        public const string AsyncWithoutAwait = "ASYNC404";
    }
}
