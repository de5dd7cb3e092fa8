using Microsoft.Extensions.Hosting;
using Streaming.ServiceDefaults;
using Streaming.Trainer.Retraining;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddTrainer();
await builder.Build().RunAsync();
