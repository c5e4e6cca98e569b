namespace KubeSharp.CommandLine;

/// <summary>Boolean flag values as Go's strconv.ParseBool accepts them.</summary>
internal static class Booleans
{
    public static bool Parse(string flag, string value) => value switch
    {
        "true" or "True" or "TRUE" or "t" or "T" or "1" => true,
        "false" or "False" or "FALSE" or "f" or "F" or "0" => false,
        _ => throw new UsageException($"{flag}: \"{value}\" is not true or false"),
    };
}
