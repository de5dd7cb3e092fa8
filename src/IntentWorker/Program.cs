Console.WriteLine("IntentWorker");
