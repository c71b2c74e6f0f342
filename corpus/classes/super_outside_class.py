class A:
    def hello(self):
        return "A.hello"


def loose(self):
    return super().hello()


class B(A):
    pass


B.loose = loose
print(B().hello())
print(B().loose())
