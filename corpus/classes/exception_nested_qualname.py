class Parser:
    class Error(ValueError):
        pass

    def parse(self, text):
        if not text.isdigit():
            raise Parser.Error(f"not a number: {text}")
        return int(text)


p = Parser()
print(p.parse("12"))
print(Parser.Error.__qualname__)
p.parse("1x")
