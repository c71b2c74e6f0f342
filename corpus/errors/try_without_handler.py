# A try block followed by plain code: neither except nor finally.
config = {}
try:
    value = config["port"]
port = 8080
print(port)
