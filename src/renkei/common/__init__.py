"""Small pieces shared by the domain apps."""
