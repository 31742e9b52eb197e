namespace AsyncLint
{
    /// <summary>Every AsyncLint diagnostic ID, in catalog order. IDs are never reused.</summary>
    public static class RuleIds
    {
        public const string BlockingWait = "ASYNC101";
        public const string ThreadSleep = "ASYNC102";
        public const string AsyncVoid = "ASYNC301";
        public const string AsyncLambdaToVoidDelegate = "ASYNC302";
        public const string UnobservedTask = "ASYNC303";
        public const string TaskEscapesScope = "ASYNC304";
        public const string NullTaskReturn = "ASYNC305";
    }
}
