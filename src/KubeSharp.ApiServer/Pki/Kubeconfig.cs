using System.Text;

namespace KubeSharp.ApiServer.Pki;

/// <summary>Writes a kubeconfig that kubectl and the client libraries use as it is.</summary>
internal static class Kubeconfig
{
    public static string Render(string server, string authorityPem, string certificatePem, string keyPem, string user = "default") =>
        $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: default
          cluster:
            server: {{server}}
            certificate-authority-data: {{Base64(authorityPem)}}
        users:
        - name: {{user}}
          user:
            client-certificate-data: {{Base64(certificatePem)}}
            client-key-data: {{Base64(keyPem)}}
        contexts:
        - name: default
          context:
            cluster: default
            user: {{user}}
        current-context: default
        preferences: {}

        """;

    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
