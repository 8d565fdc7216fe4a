package dev.vigil.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record TotpDisableRequest(@NotNull @Size(max = 1024) String password) {
}
