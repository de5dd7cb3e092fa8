Console.WriteLine("Trainer");
