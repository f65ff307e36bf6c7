using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OmniSupport.Api;

namespace OmniSupport.Functions;

public static class FunctionsProgram
{
    public static void Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        SafeHostDefaults.AddTo(builder.Configuration);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddOmniSupport(builder.Configuration);
        QueueBindingSettings.AddQueueBindingCheck(builder.Services, builder.Configuration);
        builder.Services.AddOmniSupportTelemetry(builder.Configuration, "omnisupport-functions");
        builder.Build().Run();
    }
}
