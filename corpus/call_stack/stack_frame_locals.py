import inspect


def report():
    for info in inspect.stack()[1:-1]:
        names = sorted(info.frame.f_locals)
        print(info.function, names)


def handler(request):
    status = 200
    report()


def server(port):
    requests = ["a", "b"]
    handler(requests[0])


server(8080)
