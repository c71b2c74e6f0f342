class X:
    pass


class Y:
    pass


class A(X, Y):
    pass


class B(Y, X):
    pass


print([k.__name__ for k in A.__mro__])
print([k.__name__ for k in B.__mro__])


class C(A, B):
    pass
