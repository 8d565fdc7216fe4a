package dev.vigil.common.paging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * {@code ?page=0&size=20} of every list endpoint; take it as {@code @Valid @BeanParam PageParams}. A
 * page below 0, a size outside 1..100, or a page whose offset ({@code page × size}) passes 2^31 − 1
 * is 400 {@code validation-failed} naming the parameter.
 */
@OffsetInRange
public class PageParams {

    public static final int MAX_SIZE = 100;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "must be 0 or more")
    public int page;

    @QueryParam("size")
    @DefaultValue("20")
    @Min(value = 1, message = "must be between 1 and 100")
    @Max(value = MAX_SIZE, message = "must be between 1 and 100")
    public int size;

    public PageParams() {
    }

    public PageParams(int page, int size) {
        this.page = page;
        this.size = size;
    }

    /** Rows to skip; a long, since page × size may pass the int range. */
    public long offset() {
        return (long) page * size;
    }
}
