greeting = "hello"


def body():
    print("greeting is", greeting)
    return "ignored"


exec(body.__code__)
exec(body.__code__, {"greeting": "bonjour", "print": print})
print("returns:", exec(body.__code__))
