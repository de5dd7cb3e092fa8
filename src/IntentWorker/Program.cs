using Microsoft.Extensions.Hosting;
using Streaming.IntentWorker;
using Streaming.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddIntentWorker();
await builder.Build().RunAsync();
